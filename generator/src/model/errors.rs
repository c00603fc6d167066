//! How the provider's errors look: the envelope provider.toml names (`[errors]`), and the
//! per-operation error enums that add nothing to it.

use super::{ErrorModel, Operation, ResponseKind, schema};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::Spec;

/// An operation whose documented error bodies are all the provider's envelope (or none)
/// gains nothing from its own error enum: `ApiError::error_body()` already decodes it.
pub fn drop_envelope_only_errors(operations: &mut [Operation], errors: &ErrorModel) {
    let Some(envelope) = &errors.body else { return };
    let envelope = ResponseKind::Json(envelope.clone());
    for op in operations {
        let only_envelope = op.error_bodies.as_ref().is_some_and(|e| {
            e.variants
                .iter()
                .all(|v| v.kind == envelope || v.kind == ResponseKind::Empty)
        });
        if only_envelope {
            op.error_bodies = None;
        }
    }
}

pub fn error_model(
    spec: &Spec,
    config: &Config,
    types: &schema::TypeBuilder<'_>,
) -> Result<ErrorModel, Diagnostic> {
    let errors = &config.errors;
    let body = match &errors.schema {
        None => None,
        Some(schema) => Some(types.component(schema).ok_or_else(|| {
            let file = config.path.as_deref().unwrap_or(&spec.path);
            let key = crate::diagnostic::Location::Key("errors.schema".into());
            Diagnostic::new(
                file,
                key,
                format!(
                    "no component schema named `{schema}` in {}",
                    spec.path.display()
                ),
            )
        })?),
    };
    Ok(ErrorModel {
        body,
        message: errors.message.clone(),
        description: errors.description.clone(),
        code: errors.code.clone(),
        retry_after: errors.retry_after.clone(),
        hints: errors.hints.iter().map(|(k, v)| (*k, v.clone())).collect(),
    })
}
