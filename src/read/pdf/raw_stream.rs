//! Decoding a stream found by the census in the file's bytes, before lopdf has parsed anything: its
//! `/Filter` and `/DecodeParms` are read from the raw dictionary, and the data is decoded by lopdf's own
//! filters (the ones its load uses on object streams), within a bound. Every filter lopdf knows goes
//! through the same bound: FlateDecode, LZWDecode, ASCII85Decode, ASCIIHexDecode, RunLengthDecode and
//! chains of them.

use lopdf::{Dictionary, Object, Stream};
use memchr::memmem;

/// Why a stream was not decoded.
#[derive(Debug, PartialEq, Eq)]
pub enum Undecoded {
    /// It decodes to more than the bound: decoding stopped there.
    OverLimit,
    /// A filter lopdf does not know, or damaged data: lopdf's load cannot decode it either.
    Unreadable,
}

/// The abbreviations of inline images, which some writers use in stream dictionaries too.
fn full_filter_name(name: &[u8]) -> &[u8] {
    match name {
        b"Fl" => b"FlateDecode",
        b"LZW" => b"LZWDecode",
        b"A85" => b"ASCII85Decode",
        b"AHx" => b"ASCIIHexDecode",
        b"RL" => b"RunLengthDecode",
        other => other,
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The value after `/key` in `dict` (the bytes from the first non-blank byte on), when the key is there.
fn value_of<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut needle = b"/".to_vec();
    needle.extend_from_slice(key);
    memmem::find_iter(dict, &needle).find_map(|at| {
        let after = &dict[at + needle.len()..];
        if after.first().is_some_and(|&b| is_regular(b)) {
            return None;
        }
        let start = after.iter().position(|&b| !is_white(b))?;
        Some(&after[start..])
    })
}

/// The names at the start of `value`: one `/Name`, or those of an array `[ /A /B ]`.
fn names(value: &[u8]) -> Vec<Vec<u8>> {
    let body = match value.first() {
        Some(b'[') => &value[1..memchr::memchr(b']', value).unwrap_or(value.len())],
        Some(b'/') => {
            let end = value[1..].iter().position(|&b| !is_regular(b)).map_or(value.len(), |n| n + 1);
            &value[..end]
        }
        _ => return Vec::new(),
    };
    body.split(|&b| b == b'/')
        .skip(1)
        .map(|name| {
            let end = name.iter().position(|&b| !is_regular(b)).unwrap_or(name.len());
            full_filter_name(&name[..end]).to_vec()
        })
        .collect()
}

/// The integer entries of a dictionary `<< /Key 12 … >>` at the start of `value` (all decode parameters
/// are integers or booleans; the rest do not change how a stream decodes).
fn integer_entries(value: &[u8]) -> (Dictionary, usize) {
    let end = memmem::find(value, b">>").map_or(value.len(), |at| at + 2);
    let mut dict = Dictionary::new();
    let body = &value[..end];
    for entry in body.split(|&b| b == b'/').skip(1) {
        let key_end = entry.iter().position(|&b| !is_regular(b)).unwrap_or(entry.len());
        let rest: Vec<u8> = entry[key_end..].iter().copied().skip_while(|&b| is_white(b)).collect();
        let digits_end = rest.iter().position(|&b| !(b.is_ascii_digit() || b == b'-')).unwrap_or(rest.len());
        if let Some(n) = std::str::from_utf8(&rest[..digits_end]).ok().and_then(|s| s.parse::<i64>().ok()) {
            dict.set(entry[..key_end].to_vec(), n);
        }
    }
    (dict, end)
}

/// `/DecodeParms`: one dictionary, or an array of dictionaries and `null`s.
fn decode_parms(value: &[u8]) -> Option<Object> {
    match value.first() {
        Some(b'<') => Some(Object::Dictionary(integer_entries(value).0)),
        Some(b'[') => {
            let end = memchr::memchr(b']', value).unwrap_or(value.len());
            let mut items = Vec::new();
            let mut rest = &value[1..end];
            loop {
                let start = rest.iter().position(|&b| !is_white(b)).unwrap_or(rest.len());
                rest = &rest[start..];
                if rest.starts_with(b"<<") {
                    let (dict, used) = integer_entries(rest);
                    items.push(Object::Dictionary(dict));
                    rest = &rest[used..];
                } else if rest.starts_with(b"null") {
                    items.push(Object::Null);
                    rest = &rest[4..];
                } else {
                    break;
                }
            }
            Some(Object::Array(items))
        }
        _ => None,
    }
}

/// The decoded data of a stream whose dictionary is `dict` (raw bytes, `<<` to `>>`) and whose data is
/// `data`, at most `limit` bytes.
pub fn decode(dict: &[u8], data: &[u8], limit: usize) -> Result<Vec<u8>, Undecoded> {
    let mut parsed = Dictionary::new();
    if let Some(value) = value_of(dict, b"Filter") {
        let filters = names(value);
        if filters.is_empty() {
            // An indirect or damaged /Filter: lopdf does not resolve it in an object stream either.
            return Err(Undecoded::Unreadable);
        }
        parsed.set("Filter", Object::Array(filters.into_iter().map(Object::Name).collect()));
    }
    if let Some(parms) = value_of(dict, b"DecodeParms").and_then(decode_parms) {
        parsed.set("DecodeParms", parms);
    }
    let stream = Stream::new(parsed, data.to_vec());
    stream.decompressed_content_with_limit(limit).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => Undecoded::OverLimit,
        _ => Undecoded::Unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_filters_and_parameters_from_raw_dictionaries() {
        assert_eq!(names(b"/FlateDecode /N 3"), vec![b"FlateDecode".to_vec()]);
        assert_eq!(names(b"[/A85 /Fl] /N 3"), vec![b"ASCII85Decode".to_vec(), b"FlateDecode".to_vec()]);
        let dict = b"<< /Type /ObjStm /Filter [ /ASCIIHexDecode /RunLengthDecode ] /N 1 >>";
        assert_eq!(value_of(dict, b"Filter").map(names).unwrap_or_default().len(), 2);
        assert!(value_of(b"<< /Filterx 1 >>", b"Filter").is_none());
        let Some(Object::Array(parms)) = decode_parms(b"[null << /Predictor 12 /Columns 5 >>]") else {
            panic!("an array")
        };
        assert_eq!(parms.len(), 2);
        assert_eq!(parms[1].as_dict().and_then(|d| d.get(b"Columns")).and_then(Object::as_i64).ok(), Some(5));
    }

    #[test]
    fn decodes_a_chain_within_the_limit_and_stops_past_it() {
        // ASCIIHex of a run-length stream of 128 times 'x' repeated 1000 times, then end of data.
        let mut run = [0x81u8, b'x'].repeat(1000);
        run.push(128);
        let hex: Vec<u8> = run.iter().flat_map(|b| format!("{b:02x}").into_bytes()).chain(*b">").collect();
        let dict = b"<< /Type /ObjStm /Filter [/AHx /RunLengthDecode] >>";
        assert_eq!(decode(dict, &hex, 128_000).map(|d| d.len()), Ok(128_000));
        assert_eq!(decode(dict, &hex, 1000), Err(Undecoded::OverLimit));
        assert_eq!(decode(b"<< /Filter /JBIG2Decode >>", b"abc", 1000), Err(Undecoded::Unreadable));
        assert_eq!(decode(b"<< /N 1 >>", b"1 2 3", 1000).as_deref(), Ok(&b"1 2 3"[..]));
    }
}
