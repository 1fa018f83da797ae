//! The `kazcrisis` binary: parse arguments, run one subcommand, map errors
//! to exit codes (0 success, 1 differences found, 2 usage or input error).

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the extraction allocates many small strings and vectors per
/// sentence; the system allocator spent ~10% of a run in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // On SIGINT (and SIGTERM, SIGHUP) remove the temporary file of an
    // output being written, which its `Drop` would not do, and exit 130.
    // Without the handler the signal still ends the run, only less cleanly.
    let _ = ctrlc::set_handler(|| {
        kazcrisis::output::interrupt();
        eprintln!("kazcrisis: interrupted");
        std::process::exit(130);
    });
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kazcrisis: {e:#}");
            ExitCode::from(2)
        }
    }
}
