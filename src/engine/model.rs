//! The model catalogue: one table of what each model allows and what it costs.
//! Every check, every price and `listModels()` read this table; nothing else knows a model's rules.

/// Which durations (whole seconds) a model accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durations {
    /// Only these values.
    OneOf(&'static [u32]),
    /// Any whole number from `min` to `max` inclusive.
    Range {
        /// The shortest, in seconds.
        min: u32,
        /// The longest, in seconds.
        max: u32,
    },
}

impl Durations {
    /// Whether `seconds` is one of the accepted durations.
    pub fn allows(self, seconds: i64) -> bool {
        match self {
            Durations::OneOf(values) => values.iter().any(|&v| i64::from(v) == seconds),
            Durations::Range { min, max } => (i64::from(min)..=i64::from(max)).contains(&seconds),
        }
    }

    /// Every allowed value, smallest first.
    pub fn list(self) -> Vec<u32> {
        match self {
            Durations::OneOf(values) => values.to_vec(),
            Durations::Range { min, max } => {
                // A loop: collecting a `RangeInclusive` links its iterator's size hints.
                let mut values = Vec::new();
                let mut value = min;
                while value <= max {
                    values.push(value);
                    value += 1;
                }
                values
            }
        }
    }
}

/// The price of one second at a billed resolution, in hundredths of a credit (exact integers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The billed resolution this rate applies to (`"720p"`).
    pub resolution: &'static str,
    /// Text-to-video and image-to-video.
    pub per_second: u32,
    /// With reference videos, where the model has a separate rate for them.
    pub per_second_with_video: u32,
}

/// One model's rules and prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    /// The id requests name in `model` (`"seedance-2-mini"`).
    pub id: &'static str,
    /// The name shown to people (`listModels()`, the demo).
    pub label: &'static str,
    /// The durations it accepts, in seconds.
    pub durations: Durations,
    /// Each accepted resolution and the resolution it is billed and submitted as.
    pub billed_resolutions: &'static [(&'static str, &'static str)],
    /// The `aspect_ratio` values it accepts (text-to-video only).
    pub aspect_ratios: &'static [&'static str],
    /// The most `images` one request may carry.
    pub max_images: u32,
    /// Whether it takes `reference_video_urls`.
    pub reference_video: bool,
    /// Whether it takes `reference_audio_urls`.
    pub reference_audio: bool,
    /// The model a request without `model` gets (exactly one has it).
    pub is_default: bool,
    /// Its prices, one per billed resolution.
    pub rates: &'static [Rate],
}

const STANDARD_RATIOS: &[&str] = &["16:9", "9:16", "4:3", "3:4"];
const ALL_RESOLUTIONS: &[(&str, &str)] = &[("480p", "480p"), ("720p", "720p"), ("1080p", "1080p")];

/// A rate that does not depend on resolution or input (2.0 and Fast are priced by duration only).
const fn flat(resolution: &'static str, per_second: u32) -> Rate {
    Rate {
        resolution,
        per_second,
        per_second_with_video: per_second,
    }
}

/// The catalogue, in the order `listModels()` and `compareModels()` report it.
pub const MODELS: [Model; 3] = [
    Model {
        id: "seedance-2.0",
        label: "Seedance 2.0",
        durations: Durations::OneOf(&[5, 10, 15]),
        billed_resolutions: ALL_RESOLUTIONS,
        aspect_ratios: STANDARD_RATIOS,
        max_images: 4,
        reference_video: false,
        reference_audio: false,
        is_default: true,
        rates: &[flat("480p", 4800), flat("720p", 4800), flat("1080p", 4800)],
    },
    Model {
        id: "seedance-2.0-fast",
        label: "Seedance 2.0 Fast",
        durations: Durations::OneOf(&[5, 10, 15]),
        billed_resolutions: ALL_RESOLUTIONS,
        aspect_ratios: STANDARD_RATIOS,
        max_images: 4,
        reference_video: false,
        reference_audio: false,
        is_default: false,
        rates: &[flat("480p", 3200), flat("720p", 3200), flat("1080p", 3200)],
    },
    Model {
        id: "seedance-2-mini",
        label: "Seedance 2 Mini",
        durations: Durations::Range { min: 4, max: 15 },
        billed_resolutions: &[("480p", "480p"), ("720p", "720p"), ("1080p", "720p")],
        aspect_ratios: &["16:9", "9:16", "4:3", "3:4", "1:1", "21:9", "adaptive"],
        max_images: 4,
        reference_video: true,
        reference_audio: true,
        is_default: false,
        // The upstream per-second rate plus 50%.
        rates: &[
            Rate {
                resolution: "480p",
                per_second: 1425,
                per_second_with_video: 900,
            },
            Rate {
                resolution: "720p",
                per_second: 3075,
                per_second_with_video: 1875,
            },
        ],
    },
];

/// Defaults applied when a request leaves a field out.
pub const DEFAULT_DURATION: u32 = 5;
/// The `resolution` of a request that names none.
pub const DEFAULT_RESOLUTION: &str = "720p";
/// The `aspect_ratio` of a text-to-video request that names none.
pub const DEFAULT_ASPECT_RATIO: &str = "16:9";

/// Longest prompt, in Unicode code points (every model's).
pub const MAX_PROMPT_CHARS: usize = 2000;

/// The model used when a request names none.
pub fn default_model() -> &'static Model {
    MODELS.iter().find(|m| m.is_default).unwrap_or(&MODELS[0])
}

/// The model with this exact id, if the catalogue has one.
pub fn find(id: &str) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.id == id)
}

impl Model {
    /// The resolution a requested one is billed and submitted as, if the model accepts it.
    pub fn billed_resolution(&self, requested: &str) -> Option<&'static str> {
        self.billed_resolutions
            .iter()
            .find(|(r, _)| *r == requested)
            .map(|&(_, billed)| billed)
    }

    /// Resolutions the model renders natively (accepted ones that are not downgraded).
    pub fn native_resolutions(&self) -> impl Iterator<Item = &'static str> {
        self.billed_resolutions
            .iter()
            .filter(|(r, b)| r == b)
            .map(|&(r, _)| r)
    }

    /// Whether the model accepts this `aspect_ratio`.
    pub fn allows_aspect_ratio(&self, ratio: &str) -> bool {
        self.aspect_ratios.contains(&ratio)
    }

    /// Its price at a billed resolution (see [`Model::billed_resolution`]).
    pub fn rate(&self, billed_resolution: &str) -> Option<&'static Rate> {
        self.rates
            .iter()
            .find(|r| r.resolution == billed_resolution)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_resolution_has_a_rate() {
        for model in &MODELS {
            for &(_, billed) in model.billed_resolutions {
                assert!(model.rate(billed).is_some(), "{} {billed}", model.id);
            }
        }
    }

    #[test]
    fn exactly_one_default() {
        assert_eq!(MODELS.iter().filter(|m| m.is_default).count(), 1);
        assert_eq!(default_model().id, "seedance-2.0");
    }

    #[test]
    fn durations() {
        let mini = find("seedance-2-mini").unwrap().durations;
        assert_eq!(mini.list(), (4..=15).collect::<Vec<_>>());
        assert!(mini.allows(4) && mini.allows(15) && !mini.allows(3) && !mini.allows(16));
        let standard = find("seedance-2.0").unwrap().durations;
        assert!(standard.allows(10) && !standard.allows(8) && !standard.allows(-5));
    }
}
