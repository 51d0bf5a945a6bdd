//! stub
use crate::extract::{Budget, ExtractError, Extracted};
/// stub
pub fn extract(_bytes: &[u8], _budget: &Budget) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Unsupported("not yet".into()))
}
