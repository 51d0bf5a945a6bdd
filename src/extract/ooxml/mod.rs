//! Office Open XML (ECMA-376, ISO/IEC 29500): DOCX, XLSX and PPTX packages,
//! Transitional and Strict. Each format has its own module; they share the
//! package reader (`extract::package`), the streaming XML walker
//! (`extract::xml`) and the document-properties reader (`props`).

/// Word documents.
pub mod docx;
mod numbering;
/// PowerPoint presentations.
pub mod pptx;
mod props;
mod wordml;
/// Excel workbooks.
pub mod xlsx;

#[cfg(test)]
mod docx_tests;
#[cfg(test)]
mod xlsx_pptx_tests;
