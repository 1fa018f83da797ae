//! Arbitrary bytes as a timeline file, read as every query subcommand
//! reads one (`query::read_timeline`): Ok or Err, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `read_timeline` reads the file with `read_to_string` (bytes that are
    // not UTF-8 are an Err there) and hands the text to `parse_timeline`;
    // calling that directly spares a temporary file per execution.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = kazcrisis::query::parse_timeline("fuzz.json", text) {
        // What it accepted must write back out.
        let _ = kazcrisis::output::render(&t, false);
    }
});
