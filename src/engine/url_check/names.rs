//! Host names that never lead to a public server.

/// Special-use and local-only suffixes: the IANA special-use domain names registry
/// (<https://www.iana.org/assignments/special-use-domain-names/>: localhost, local, test, example,
/// invalid, onion, alt, home.arpa and the rest of .arpa), ICANN's private-use `.internal`, the
/// common router defaults `.localdomain`, `.lan` and `.home`, and the names that only resolve
/// inside private networks: Kubernetes services (`.svc`, `.cluster.local`, under `.local`) and the
/// top-level names ICANN will not delegate because companies use them inside (`.corp`,
/// `.intranet`, `.private`). `example.com`/`.net`/`.org` are left open: they are ordinary public
/// hosts.
const LOCAL_SUFFIXES: [&str; 16] = [
    "localhost",
    "local",
    "internal",
    "arpa",
    "test",
    "example",
    "invalid",
    "onion",
    "alt",
    "localdomain",
    "lan",
    "home",
    "svc",
    "corp",
    "intranet",
    "private",
];

/// True for a lowercase ASCII domain (an optional final dot allowed) that may be public: at least
/// two labels and no local-only top-level label (every listed suffix is a top-level domain).
pub fn is_public_name(name: &str) -> bool {
    let name = super::without_final_dot(name.as_bytes());
    let tld = super::last_label(name);
    if tld.len() == name.len() {
        return false; // a single label is looked up in the local search domains
    }
    !LOCAL_SUFFIXES.iter().any(|suffix| suffix.as_bytes() == tld)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_reserved_names() {
        for local in [
            "localhost",
            "localhost.",
            "a.localhost",
            "printer.local",
            "db.internal",
            "router.home.arpa",
            "1.0.0.127.in-addr.arpa",
            "ipv4only.arpa",
            "a.test",
            "www.example",
            "x.invalid",
            "abc.onion",
            "x.alt",
            "box.localdomain",
            "nas.lan",
            "intranet",
            "intranet.",
            "kubernetes.default.svc",
            "api.default.svc.",
            "kubernetes.default.svc.cluster.local",
            "router.home",
            "x.corp",
            "wiki.intranet",
            "db.private",
        ] {
            assert!(!is_public_name(local), "{local}");
        }
        for public in [
            "example.com",
            "hooks.example.com.",
            "test.com",
            "local.example.org",
            "x.localhost.com",
            "xn--mnchen-3ya.de",
            "a.b.c.xn--pokxncvks",
            "svc.example.com",
            "home.example.com",
            "corp.example.com",
            "private.example.com",
            "x.homes",
        ] {
            assert!(is_public_name(public), "{public}");
        }
    }
}
