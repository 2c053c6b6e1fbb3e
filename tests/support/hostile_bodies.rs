//! Generate-request bodies of a chosen size in the shapes that cost a careless checker the most
//! (shared by the native timing tests; `tests/js/hostile-bodies.mjs` builds the same for the
//! proxy over loopback and `make bench`).

/// Every shape [`body_of_shape`] builds.
pub const SHAPES: &[&str] = &[
    "distinct unknown keys",
    "near-known keys",
    "case variants of a pricing key",
    "repeated unknown key",
    "repeated known key",
    "lone surrogate keys",
    "values JSON cannot carry",
    "long list of URLs",
    "long unknown list",
    "nested lists",
    "escaped prompt",
    "escaped unknown value",
    "long Unicode host",
    "many Unicode hosts",
    "white space",
    "long number",
];

/// `{"prompt":"p", <members>}` with `member(i)` repeated until the text reaches `size` bytes.
fn repeated(size: usize, member: impl Fn(usize) -> String) -> String {
    let mut out = String::from("{\"prompt\":\"p\"");
    let mut i = 0;
    while out.len() < size {
        out.push(',');
        out.push_str(&member(i));
        i += 1;
    }
    out.push('}');
    out
}

/// `{"prompt":"p","<key>":[<item>,...]}` of about `size` bytes.
fn list(size: usize, key: &str, item: impl Fn(usize) -> String) -> String {
    let mut out = format!("{{\"prompt\":\"p\",\"{key}\":[");
    let mut i = 0;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item(i));
        i += 1;
    }
    out.push_str("]}");
    out
}

/// `count` distinct CJK characters.
fn distinct_cjk(from: usize, count: usize) -> String {
    (0..count)
        .filter_map(|i| char::from_u32(0x4E00 + ((from + i) % 20_000) as u32))
        .collect()
}

/// A body of about `size` bytes in the shape named (one of [`SHAPES`]).
pub fn body_of_shape(shape: &str, size: usize) -> String {
    match shape {
        "distinct unknown keys" => repeated(size, |i| format!("\"k{i}\":1")),
        "near-known keys" => repeated(size, |i| {
            let case = ["DURATION", "Duration", "dUrAtIoN"][i % 3];
            format!("\"{case}{i}\":1")
        }),
        "case variants of a pricing key" => {
            repeated(size, |i| format!("\"{}\":5", [" DURATION", "Model"][i % 2]))
        }
        "repeated unknown key" => repeated(size, |_| "\"seed\":1".into()),
        "repeated known key" => repeated(size, |_| "\"duration\":5".into()),
        "lone surrogate keys" => repeated(size, |i| format!("\"\\ud800k{i}\":1")),
        "values JSON cannot carry" => repeated(size, |i| {
            format!("\"k{i}\":{{\"\\u0000no-json\":\"bigint\"}}")
        }),
        "long list of URLs" => list(size, "images", |i| {
            format!("\"https://cdn{i}.example.com/{i}.png\"")
        }),
        "long unknown list" => list(size, "extra", |_| "[1,\"a\",null]".into()),
        "nested lists" => list(size, "extra", |_| {
            format!("{}{}", "[".repeat(60), "]".repeat(60))
        }),
        "escaped prompt" => {
            let mut out = String::from("{\"prompt\":\"");
            while out.len() < size {
                out.push_str("\\u00e9\\n\\ud83d\\ude00");
            }
            out.push_str("\"}");
            out
        }
        "escaped unknown value" => {
            let mut out = String::from("{\"prompt\":\"p\",\"extra\":\"");
            while out.len() < size {
                out.push_str("\\u0041\\\"\\\\");
            }
            out.push_str("\"}");
            out
        }
        "long Unicode host" => {
            let host = distinct_cjk(0, size / 3);
            format!("{{\"prompt\":\"p\",\"callback_url\":\"http://{host}.com/\"}}")
        }
        "many Unicode hosts" => list(size, "images", |i| {
            format!("\"http://{}.com/\"", distinct_cjk(i * 40, 40))
        }),
        "white space" => {
            let pad = " \n\t\r".repeat(size / 4);
            format!("{{{pad}\"prompt\"{pad}:{pad}\"p\"{pad}}}")
        }
        "long number" => {
            let digits = "9".repeat(size);
            format!("{{\"prompt\":\"p\",\"duration\":{digits},\"extra\":1.{digits}e{digits}}}")
        }
        other => panic!("no shape {other}"),
    }
}
