//! Typed views of an operation object and of its parameters, each with its pointer. The
//! operation builder reads their keywords only here (schemas through [`SchemaView`]).

use serde_json::Value;

use crate::diagnostic::join;
use crate::model::schema_view::SchemaView;

/// A keyword's text, trimmed; `None` when absent, not a string, or blank.
fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An operation object (`paths./media.get`); its parts carry their own pointers.
pub(in crate::model) struct OperationView<'s> {
    value: &'s Value,
}

impl<'s> OperationView<'s> {
    pub(in crate::model) fn new(value: &'s Value) -> Self {
        OperationView { value }
    }

    /// `operationId` when it is a non-empty string (real specs have `""` and numbers).
    pub(super) fn operation_id(&self) -> Option<&'s str> {
        match self.value.get("operationId") {
            Some(Value::String(id)) if !id.trim().is_empty() => Some(id),
            _ => None,
        }
    }

    pub(in crate::model) fn summary(&self) -> Option<&'s str> {
        text(self.value, "summary")
    }

    pub(in crate::model) fn description(&self) -> Option<&'s str> {
        text(self.value, "description")
    }

    pub(in crate::model) fn deprecated(&self) -> bool {
        self.value.get("deprecated").and_then(Value::as_bool) == Some(true)
    }

    /// The first tag: the operation's cargo feature when the crate is split by tag.
    pub(super) fn first_tag(&self) -> Option<&'s str> {
        self.value.pointer("/tags/0").and_then(Value::as_str)
    }

    /// `x-idempotent: true`: safe to retry although the method is not idempotent.
    pub(super) fn idempotent(&self) -> bool {
        self.value.get("x-idempotent").and_then(Value::as_bool) == Some(true)
    }

    /// The value under `key` (`security`, `parameters`, `requestBody`, `responses`).
    pub(in crate::model) fn get(&self, key: &str) -> Option<&'s Value> {
        self.value.get(key)
    }
}

/// A parameter object, its `$ref` resolved, and its pointer.
pub(super) struct ParameterView<'s> {
    value: &'s Value,
    pointer: String,
}

impl<'s> ParameterView<'s> {
    pub(super) fn new(value: &'s Value, pointer: String) -> Self {
        ParameterView { value, pointer }
    }

    pub(super) fn pointer(&self) -> &str {
        &self.pointer
    }

    pub(super) fn name(&self) -> Option<&'s str> {
        text(self.value, "name")
    }

    /// `in`: `path`, `query`, `header` or `cookie`.
    pub(super) fn location(&self) -> Option<&'s str> {
        text(self.value, "in")
    }

    /// The name and location that identify a parameter (an operation's overrides its path's).
    pub(super) fn key(&self) -> (Option<&'s str>, Option<&'s str>) {
        (self.name(), self.location())
    }

    pub(super) fn required(&self) -> bool {
        self.value.get("required").and_then(Value::as_bool) == Some(true)
    }

    pub(super) fn description(&self) -> Option<&'s str> {
        text(self.value, "description")
    }

    /// The parameter's own `example`, or the value of the first of its `examples`.
    pub(super) fn example(&self) -> Option<Value> {
        crate::model::docs::example_of(self.value)
    }

    /// The parameter's schema: `schema`, or the schema of its `content` entry.
    pub(super) fn schema(&self) -> SchemaView<'s> {
        if let Some(media) = self.content_media() {
            let at = join(&join(&join(&self.pointer, "content"), media), "schema");
            let schema = self
                .value
                .get("content")
                .and_then(|c| c.get(media)?.get("schema"));
            return SchemaView::maybe(schema, at);
        }
        SchemaView::maybe(self.value.get("schema"), join(&self.pointer, "schema"))
    }

    /// The media type of a parameter described by `content` (a map of exactly one entry,
    /// used only without `schema`).
    pub(super) fn content_media(&self) -> Option<&'s str> {
        if self.value.get("schema").is_some() {
            return None;
        }
        let content = self.value.get("content")?.as_object()?;
        content.keys().next().map(String::as_str)
    }

    pub(super) fn allow_reserved(&self) -> bool {
        self.value.get("allowReserved").and_then(Value::as_bool) == Some(true)
    }

    /// Swagger 2.0's `collectionFormat` where OpenAPI 3 has no style for it (`tsv`, and
    /// `ssv` or `pipes` outside a query), kept by the 2.0 conversion.
    pub(super) fn collection_format(&self) -> Option<&'s str> {
        text(self.value, "x-collectionFormat")
    }

    pub(super) fn style(&self) -> Option<&'s str> {
        text(self.value, "style")
    }

    pub(super) fn explode(&self) -> Option<bool> {
        self.value.get("explode").and_then(Value::as_bool)
    }
}

/// A request body or a response object, its `$ref` resolved: its description, whether it is
/// required, and its `content` by media type.
pub(in crate::model) struct ContentView<'s> {
    value: &'s Value,
    pointer: String,
}

impl<'s> ContentView<'s> {
    pub(in crate::model) fn new(value: &'s Value, pointer: String) -> Self {
        ContentView { value, pointer }
    }

    pub(super) fn pointer(&self) -> &str {
        &self.pointer
    }

    pub(super) fn required(&self) -> bool {
        self.value.get("required").and_then(Value::as_bool) == Some(true)
    }

    pub(super) fn description(&self) -> Option<&'s str> {
        text(self.value, "description")
    }

    /// The media types, in order (`None`: no `content` mapping).
    pub(in crate::model) fn media_types(&self) -> Option<Vec<&'s str>> {
        let content = self.value.get("content")?.as_object()?;
        Some(content.keys().map(String::as_str).collect())
    }

    pub(super) fn content_pointer(&self) -> String {
        join(&self.pointer, "content")
    }

    /// The schema of one media type (absent: anything goes), with its pointer.
    pub(in crate::model) fn schema(&self, media: &str) -> SchemaView<'s> {
        let at = join(&join(&self.content_pointer(), media), "schema");
        SchemaView::maybe(self.schema_value(media), at)
    }

    /// The schema of one item of a streamed media type (JSON lines): OpenAPI 3.2's
    /// `itemSchema`, else the `schema`, or its `items` when it describes the stream as an
    /// array.
    pub(super) fn item_schema(&self, media: &str) -> SchemaView<'s> {
        let at = join(&self.content_pointer(), media);
        let entry = self.value.get("content").and_then(|c| c.get(media));
        if let Some(item) = entry.and_then(|e| e.get("itemSchema")) {
            return SchemaView::maybe(Some(item), join(&at, "itemSchema"));
        }
        let schema = self.schema_value(media);
        let array = schema.is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("array"));
        match schema.and_then(|s| s.get("items")) {
            Some(items) if array => {
                SchemaView::maybe(Some(items), join(&join(&at, "schema"), "items"))
            }
            _ => self.schema(media),
        }
    }

    /// OpenAPI 3.2's `itemSchema` of a media type, if it has one.
    pub(super) fn event_item(&self, media: &str) -> Option<SchemaView<'s>> {
        let at = join(&join(&self.content_pointer(), media), "itemSchema");
        let item = self.value.get("content")?.get(media)?.get("itemSchema")?;
        Some(SchemaView::new(item, at))
    }

    /// The schema value of one media type, if it declares one (to compare bodies).
    pub(in crate::model) fn schema_value(&self, media: &str) -> Option<&'s Value> {
        self.value.get("content")?.get(media)?.get("schema")
    }
}
