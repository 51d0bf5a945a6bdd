//! DOCX: the body, tables, headers, footers, notes, comments, tracked changes
//! and document properties as parts. (Placeholder until the DOCX extractor
//! lands.)

use super::{Budget, ExtractError, Extracted};

pub fn extract(_bytes: &[u8], _budget: &Budget) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported(
        "DOCX extraction is not built yet".into(),
    ))
}
