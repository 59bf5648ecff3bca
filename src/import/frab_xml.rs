//! (being written)

use super::input::Input;
use super::programme::Programme;
use crate::diag::Diagnostic;

pub fn read(input: &Input) -> Result<Programme, Diagnostic> {
    Err(Diagnostic::error(&input.name, Default::default(), "not yet"))
}
