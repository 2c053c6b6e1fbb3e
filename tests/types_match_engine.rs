//! The hand-written `pkg-template/index.d.ts` against the engine: its code, model, resolution
//! and aspect-ratio unions must be exactly what `Code::ALL` and the model table hold, so a code or
//! model added in Rust and not in the types fails `cargo test`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop at the first failure

use seedance_wasm::codes::Code;
use seedance_wasm::engine::model::MODELS;
use std::collections::BTreeSet;

fn declarations() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts");
    let text = std::fs::read_to_string(path).expect("pkg-template/index.d.ts");
    without_comments(&text)
}

/// The text with `//` and `/* */` comments removed (string literals kept as they are).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else if c == '"' {
            let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The string literals of `export type NAME = ...;`, following the aliases it names.
fn union(types: &str, name: &str) -> BTreeSet<String> {
    let head = ["export type ", name, " ="].concat();
    let start = types
        .find(&head)
        .unwrap_or_else(|| panic!("index.d.ts declares no type {name}"))
        + head.len();
    let body = &types[start..];
    let body = &body[..body.find(';').expect("a type alias ends with ;")];
    let mut out = BTreeSet::new();
    for part in body.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(literal) = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
            out.insert(literal.to_owned());
        } else if part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.extend(union(types, part));
        } else {
            panic!("{name}: cannot read the member {part:?}");
        }
    }
    out
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(str::to_owned).collect()
}

#[test]
fn code_unions_are_the_engine_codes() {
    let types = declarations();
    let all = set(Code::ALL.iter().map(|c| c.as_str()));
    assert_eq!(union(&types, "IssueCode"), all);
    let warnings = Code::ALL.iter().filter(|c| c.is_warning());
    assert_eq!(
        union(&types, "WarningCode"),
        set(warnings.map(|c| c.as_str()))
    );
    let errors = Code::ALL.iter().filter(|c| !c.is_warning());
    assert_eq!(union(&types, "ErrorCode"), set(errors.map(|c| c.as_str())));
    assert_eq!(all.len(), Code::ALL.len(), "two codes share a name");
}

#[test]
fn catalogue_unions_are_the_model_table() {
    let types = declarations();
    assert_eq!(union(&types, "ModelId"), set(MODELS.iter().map(|m| m.id)));
    let resolutions = MODELS
        .iter()
        .flat_map(|m| m.billed_resolutions.iter().map(|&(r, _)| r));
    assert_eq!(union(&types, "Resolution"), set(resolutions));
    let ratios = MODELS.iter().flat_map(|m| m.aspect_ratios.iter().copied());
    assert_eq!(union(&types, "AspectRatio"), set(ratios));
}

#[test]
fn the_reader_sees_what_it_should() {
    let types = without_comments(
        "/** a | b */\nexport type A =\n  // \"NO\"\n  | \"X\" /* | \"NO\" */\n  | B;\nexport type B = \"Y//\";",
    );
    assert_eq!(union(&types, "A"), set(["X", "Y//"]));
}
