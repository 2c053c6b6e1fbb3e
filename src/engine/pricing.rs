//! Exact integer credit arithmetic: `ceil(rate_in_hundredths × seconds / 100)`, never floats.

use crate::engine::model::Model;
use crate::json::{write_u64, ObjectWriter};

/// What a request is made from; Mini bills reference-video input at its own rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum InputKind {
    /// A prompt alone (text-to-video).
    Text,
    /// With `images` (image-to-video).
    Image,
    /// With `reference_video_urls` (billed at the model's video rate where it has one).
    Video,
}

impl InputKind {
    /// The name JavaScript sees in `CostEstimate.input_kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Text => "text",
            InputKind::Image => "image",
            InputKind::Video => "video",
        }
    }
}

/// The price of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// serde: written as `serde_shapes::EstimateJson`, and read there by hand (a derive would borrow
// the `&'static str` fields from the input).
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(into = "crate::serde_shapes::EstimateJson"))]
pub struct Estimate {
    /// The model priced.
    pub model: &'static Model,
    /// Seconds of video.
    pub duration: u32,
    /// The resolution as requested.
    pub resolution: &'static str,
    /// The resolution it is billed (and submitted) as.
    pub billed_resolution: &'static str,
    /// What the request is made from, which picks the rate.
    pub input_kind: InputKind,
    /// The price in whole credits, rounded up.
    pub credits: u32,
}

/// Prices a request whose model, duration and resolution were already checked against the model.
/// Returns `None` only if the catalogue lacks a rate, which its own tests rule out.
pub fn estimate(
    model: &'static Model,
    duration: u32,
    resolution: &'static str,
    input_kind: InputKind,
) -> Option<Estimate> {
    let billed_resolution = model.billed_resolution(resolution)?;
    let rate = model.rate(billed_resolution)?;
    let per_second = match input_kind {
        InputKind::Video => rate.per_second_with_video,
        InputKind::Text | InputKind::Image => rate.per_second,
    };
    let hundredths = u64::from(per_second) * u64::from(duration);
    let credits = u32::try_from(hundredths.div_ceil(100)).ok()?;
    Some(Estimate {
        model,
        duration,
        resolution,
        billed_resolution,
        input_kind,
        credits,
    })
}

/// Writes `credits / 100` as an exact decimal (`246` → `2.46`, `240` → `2.4`).
pub fn write_usd(out: &mut String, credits: u32) {
    write_u64(out, u64::from(credits / 100));
    let cents = credits % 100;
    if cents != 0 {
        out.push('.');
        out.push(char::from(b'0' + (cents / 10) as u8));
        if !cents.is_multiple_of(10) {
            out.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
}

impl Estimate {
    /// The `CostEstimate` object of the JavaScript contract.
    pub fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.str("model", self.model.id)
            .uint("duration", u64::from(self.duration))
            .str("resolution", self.resolution)
            .str("billed_resolution", self.billed_resolution)
            .str("input_kind", self.input_kind.as_str())
            .uint("credits", u64::from(self.credits))
            .key("usd");
        write_usd(w.out, self.credits);
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::find;
    use InputKind::*;

    fn credits(model: &str, seconds: u32, resolution: &'static str, kind: InputKind) -> u32 {
        estimate(find(model).unwrap(), seconds, resolution, kind)
            .unwrap()
            .credits
    }

    #[test]
    fn standard_and_fast_are_priced_by_duration_only() {
        for (model, table) in [
            ("seedance-2.0", [240, 480, 720]),
            ("seedance-2.0-fast", [160, 320, 480]),
        ] {
            for (seconds, expected) in [5, 10, 15].into_iter().zip(table) {
                for resolution in ["480p", "720p", "1080p"] {
                    for kind in [Text, Image] {
                        assert_eq!(
                            credits(model, seconds, resolution, kind),
                            expected,
                            "{model} {seconds} {resolution}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    #[allow(clippy::manual_div_ceil)] // the oracle is deliberately written unlike the engine
    fn mini_every_second_every_rate() {
        // Independent oracle: the published per-second prices in credits, ceil'd by hand with
        // integer arithmetic in a different form than the engine uses.
        let ceil_div = |a: u32, b: u32| (a + b - 1) / b;
        for seconds in 4..=15 {
            let expected_480 = ceil_div(57 * seconds, 4); // 14.25 = 57/4
            let expected_720 = ceil_div(123 * seconds, 4); // 30.75 = 123/4
            let expected_720_video = ceil_div(75 * seconds, 4); // 18.75 = 75/4
            assert_eq!(
                credits("seedance-2-mini", seconds, "480p", Text),
                expected_480
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "480p", Image),
                expected_480
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "480p", Video),
                9 * seconds
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "720p", Text),
                expected_720
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "720p", Image),
                expected_720
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "720p", Video),
                expected_720_video
            );
            // 1080p on Mini is billed as 720p.
            assert_eq!(
                credits("seedance-2-mini", seconds, "1080p", Text),
                expected_720
            );
            assert_eq!(
                credits("seedance-2-mini", seconds, "1080p", Video),
                expected_720_video
            );
        }
    }

    #[test]
    fn known_mini_prices() {
        assert_eq!(credits("seedance-2-mini", 8, "720p", Text), 246);
        assert_eq!(credits("seedance-2-mini", 5, "480p", Text), 72); // 71.25 rounds up
        assert_eq!(credits("seedance-2-mini", 4, "480p", Text), 57);
        assert_eq!(credits("seedance-2-mini", 15, "720p", Text), 462); // 461.25
        assert_eq!(credits("seedance-2-mini", 5, "720p", Video), 94); // 93.75
        assert_eq!(credits("seedance-2-mini", 15, "480p", Video), 135);
    }

    #[test]
    fn mini_1080p_reports_billed_resolution() {
        let e = estimate(find("seedance-2-mini").unwrap(), 5, "1080p", Text).unwrap();
        assert_eq!((e.resolution, e.billed_resolution), ("1080p", "720p"));
    }

    #[test]
    fn usd_is_exact() {
        for (credits, text) in [
            (246, "2.46"),
            (240, "2.4"),
            (720, "7.2"),
            (36, "0.36"),
            (5, "0.05"),
            (0, "0"),
            (100, "1"),
        ] {
            let mut out = String::new();
            write_usd(&mut out, credits);
            assert_eq!(out, text);
        }
    }
}
