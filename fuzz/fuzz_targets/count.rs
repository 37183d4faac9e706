//! Word-compatible counting over arbitrary text: the first byte picks the East Asian hint of each run,
//! and NUL bytes split the rest into runs and paragraphs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao::count::{count_text, count_text_tally, Counter, Unit};

fuzz_target!(|data: &[u8]| {
    let Some((&hints, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let _ = count_text(text);
    let tally = count_text_tally(text, hints & 1 != 0);
    // Every hint-dependent mark is read one way in `low`, the other in `high`, and as hinted in `count`.
    for unit in [Unit::Word, Unit::CharsNoSpaces, Unit::Hanzi] {
        let (low, high) = tally.range(unit);
        let hinted = unit.pick(&tally.count);
        assert!(low <= hinted && hinted <= high, "{}: {hinted} outside {low}..={high}", unit.as_str());
    }
    let mut counter = Counter::new();
    for (i, run) in text.split('\0').enumerate() {
        counter.push(run, hints >> (i % 8) & 1 != 0);
        if hints >> ((i + 3) % 8) & 1 != 0 {
            counter.end_paragraph();
        }
    }
    let _ = counter.tally();
});
