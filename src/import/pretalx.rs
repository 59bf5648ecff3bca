//! (being written)

use super::input::Source;
use super::programme::Programme;
use crate::diag::Diagnostic;

pub fn read(_source: &Source) -> Result<Programme, Diagnostic> {
    Err(Diagnostic::error("x", Default::default(), "not yet"))
}
