//! `kazcrisis completions SHELL`: a shell completion script on standard
//! output (bash, zsh, fish, elvish, powershell).

use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  \
    kazcrisis completions bash > ~/.local/share/bash-completion/completions/kazcrisis\n  \
    kazcrisis completions zsh > ~/.zfunc/_kazcrisis      # with fpath+=(~/.zfunc) in ~/.zshrc\n  \
    kazcrisis completions fish > ~/.config/fish/completions/kazcrisis.fish")]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Run `completions`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "kazcrisis", &mut buf);
    let text = String::from_utf8(buf).context("the completion script is not UTF-8")?;
    kazcrisis::output::emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
