//! Readers: bytes in, plain data out. A reader knows nothing about notices or checks.

pub mod docx;
pub mod file;
pub mod image;
pub mod mp4;
pub mod pdf;
pub mod sniff;
pub mod zip_extent;
