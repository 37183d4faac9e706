pub(super) fn read(_bytes: &[u8]) -> Result<super::Document, super::DocxError> { Err(super::DocxError::NotZip) }
