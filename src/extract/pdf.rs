//! PDF: pages → `body` parts with page numbers, plus Info and XMP metadata.
//! (Placeholder until the PDF extractor lands.)

use super::{Budget, ExtractError, Extracted};

pub fn extract(_bytes: &[u8], _budget: &Budget) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported(
        "PDF extraction is not built yet".into(),
    ))
}
