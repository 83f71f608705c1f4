//! The real client address of a request, for the login throttle and the audit trail.
//!
//! Without configuration the client is the TCP peer: `X-Forwarded-For` and `Forwarded` are
//! ignored, since anyone can send them. Behind a reverse proxy every request comes from the
//! proxy, so all users would share one address (and one address's throttle). Name the proxies
//! in `YIWANG_TRUSTED_PROXIES` (addresses or CIDR blocks, comma-separated, e.g.
//! `127.0.0.1,10.0.0.0/8,::1`): when the peer is one of them, the client is read from the one
//! forwarding header the proxy sets — `X-Forwarded-For` by default, or `Forwarded` (RFC 7239,
//! its `for=` parameters) with `YIWANG_FORWARDED_HEADER=forwarded`; the other is ignored, since
//! a proxy that appends to one usually passes the other through as the client sent it —
//! walking from the right (the hop nearest to us) past the trusted proxies; the first address
//! that is not a trusted proxy is the client. A header that does not parse stops the walk at
//! the last trusted hop, so a forged or broken header never yields an address the proxy did not
//! see.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// One trusted address or block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: IpAddr,
    prefix: u8,
}

impl Block {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) read as the IPv4 address it maps.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The forwarding header the trusted proxies set (`YIWANG_FORWARDED_HEADER`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For` (nginx, HAProxy, most load balancers).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239).
    Forwarded,
}

impl ForwardedHeader {
    pub fn parse(text: &str) -> Result<ForwardedHeader, ProxyListError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "x-forwarded-for" => Ok(ForwardedHeader::XForwardedFor),
            "forwarded" => Ok(ForwardedHeader::Forwarded),
            other => Err(ProxyListError(format!(
                "{other} (YIWANG_FORWARDED_HEADER: x-forwarded-for or forwarded)"
            ))),
        }
    }
}

/// The reverse proxies whose forwarding header is believed (`YIWANG_TRUSTED_PROXIES`), and
/// which header that is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Block>, ForwardedHeader);

/// A `YIWANG_TRUSTED_PROXIES` entry that is not an address or a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or CIDR block (e.g. 10.0.0.0/8)")]
pub struct ProxyListError(pub String);

impl TrustedProxies {
    /// None: the TCP peer is the client.
    pub fn none() -> TrustedProxies {
        TrustedProxies::default()
    }

    /// The same proxies, setting `header`.
    pub fn with_header(self, header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies(self.0, header)
    }

    /// Reads a comma- or space-separated list of addresses and CIDR blocks.
    pub fn parse(text: &str) -> Result<TrustedProxies, ProxyListError> {
        let mut blocks = Vec::new();
        for item in text
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let bad = || ProxyListError(item.to_owned());
            let (addr, prefix) = match item.split_once('/') {
                Some((a, p)) => (a, Some(p)),
                None => (item, None),
            };
            let addr = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
                None => max,
            };
            blocks.push(Block { addr, prefix });
        }
        Ok(TrustedProxies(blocks, ForwardedHeader::default()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|b| b.contains(ip))
    }

    /// The client of a request that arrived from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = match self.1 {
            ForwardedHeader::Forwarded => forwarded_for(headers).unwrap_or_default(),
            ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
        };
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        return client;
                    }
                }
                // Unreadable: trust nothing beyond it.
                None => return client,
            }
        }
        client
    }
}

/// The `for=` addresses of every `Forwarded` header, in order (`None`: one that does not parse,
/// e.g. `unknown` or an obfuscated name); `None` without the header.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut values = headers.get_all("forwarded").iter().peekable();
    values.peek()?;
    let mut hops = Vec::new();
    for value in values {
        let Ok(value) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in value.split(',') {
            for pair in element.split(';') {
                let Some((k, v)) = pair.split_once('=') else {
                    continue;
                };
                if k.trim().eq_ignore_ascii_case("for") {
                    hops.push(parse_node(v.trim().trim_matches('"')));
                }
            }
        }
    }
    Some(hops)
}

/// A `Forwarded` node: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]`, `[2001:db8::1]:80`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let host = match node.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) && h.contains('.') => h,
        _ => node,
    };
    host.parse().ok()
}

fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| match v.to_str() {
            Ok(s) => s.split(',').map(|h| parse_node(h.trim())).collect(),
            Err(_) => vec![None],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let t = TrustedProxies::none();
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(t.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
    }

    #[test]
    fn an_untrusted_peer_cannot_forge_its_address() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        let h = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(t.client(ip("203.0.113.9"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        // The client forged a first entry; the proxies appended the real ones.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3")]);
        assert_eq!(t.client(ip("127.0.0.1"), &h), ip("198.51.100.7"));
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(t.client(ip("10.9.9.9"), &h), ip("198.51.100.8"));
        // No header: the proxy itself.
        assert_eq!(
            t.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // Garbage stops the walk at the last trusted hop.
        let h = headers(&[("x-forwarded-for", "198.51.100.7, not-an-ip")]);
        assert_eq!(t.client(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn only_the_configured_header_is_read() {
        let xff = TrustedProxies::parse("::1,127.0.0.1").unwrap();
        let h = headers(&[
            (
                "forwarded",
                r#"for=6.6.6.6, for="[2001:db8::7]:4711";proto=https"#,
            ),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        // A client's own `Forwarded`, passed through by a proxy that sets X-Forwarded-For, is
        // not believed.
        assert_eq!(xff.client(ip("::1"), &h), ip("198.51.100.7"));
        let t = xff.with_header(ForwardedHeader::Forwarded);
        assert_eq!(t.client(ip("::1"), &h), ip("2001:db8::7"));
        assert!(ForwardedHeader::parse("Forwarded").is_ok());
        assert!(ForwardedHeader::parse("x-real-ip").is_err());
        let h = headers(&[("forwarded", "for=192.0.2.60:8080;by=203.0.113.43")]);
        assert_eq!(t.client(ip("127.0.0.1"), &h), ip("192.0.2.60"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(t.client(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn mapped_addresses_and_bad_lists() {
        let t = TrustedProxies::parse("127.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(t.client(ip("::ffff:127.0.0.1"), &h), ip("198.51.100.7"));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse(" 10.0.0.1 , fe80::/10 ").is_ok());
    }
}
