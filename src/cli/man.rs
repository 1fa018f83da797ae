//! `kazcrisis man [-o DIR]`: the manual page (roff) on standard output, or
//! one page per command and subcommand in DIR (`kazcrisis.1`,
//! `kazcrisis-extract.1`, `kazcrisis-lexicon-check.1`, ...).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis man | man -l -\n  \
    kazcrisis man -o /usr/local/share/man/man1 && man kazcrisis-extract")]
pub struct Args {
    /// Write one page per subcommand into this directory (created if needed).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Run `man`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    match a.output {
        None => {
            let text = render(&cmd)?;
            kazcrisis::output::emit(None, &text)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
            let n = write_pages(&cmd, &dir)?;
            super::ui::note(format!("{n} manual pages written to {}", dir.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The page of one command, every page footed with the program and version.
fn page(cmd: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone()).source(format!("kazcrisis {}", env!("CARGO_PKG_VERSION")))
}

/// One page as text.
fn render(cmd: &clap::Command) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    page(cmd)
        .render(&mut buf)
        .context("cannot render the manual page")?;
    String::from_utf8(buf).context("the manual page is not UTF-8")
}

/// The page of `cmd` and of each of its subcommands, recursively; how many.
fn write_pages(cmd: &clap::Command, dir: &Path) -> anyhow::Result<usize> {
    let mut n = 0;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        n += write_pages(sub, dir)?;
    }
    let path = dir.join(page(cmd).get_filename());
    let text = render(cmd)?;
    kazcrisis::output::write_atomic(&path, text.as_bytes())?;
    Ok(n + 1)
}
