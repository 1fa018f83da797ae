//! The library's error: a kind callers can tell apart, and a message that
//! always names the file (and line or byte where it applies).

use std::fmt;

/// What went wrong, broadly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An input document could not be read or decoded.
    Input,
    /// A manifest row or header is wrong.
    Manifest,
    /// A lexicon or data file is wrong.
    Lexicon,
    /// A timeline or gold file is wrong.
    Timeline,
    /// Writing output failed.
    Output,
}

/// A library error: its kind, the path it concerns and what is wrong.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    path: String,
    message: String,
}

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }
    pub(crate) fn input(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Input, path, message)
    }
    pub(crate) fn manifest(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Manifest, path, message)
    }
    pub(crate) fn lexicon(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Lexicon, path, message)
    }
    pub(crate) fn timeline(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Timeline, path, message)
    }
    pub(crate) fn output(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Output, path, message)
    }
    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The path the error concerns.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for Error {}
