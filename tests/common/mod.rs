//! Helpers shared by the integration tests (each test file is its own
//! crate and uses only some of them).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The binary, with a clean environment (only PATH), so no user setting
/// (TMPDIR, NO_COLOR, locale) changes what a test sees.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kazcrisis"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

/// The project's root (fixtures/, data/; ../shared beside it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory removed when dropped.
pub fn tmpdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}
