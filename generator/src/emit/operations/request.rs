//! Building the request: the path, each input's place (query, header, cookie, body, form),
//! and the body.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::ident;
use crate::model::{Api, Input, Operation, ParamLocation, ParamStyle, Place, Style};

/// The expression that builds the path: its literal pieces and its encoded parameters joined
/// by `concat` (a `format!` costs several times more on every call).
pub(super) fn path_expr(op: &Operation, inputs: &[Input<'_>]) -> TokenStream {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        literal.push_str(&rest[..start]);
        let wire = &rest[start + 1..start + len];
        let input = inputs
            .iter()
            .find(|i| i.place == Place::Param(ParamLocation::Path, wire));
        match input {
            Some(i) => {
                if !literal.is_empty() {
                    parts.push(quote!(#literal));
                    literal.clear();
                }
                let n = ident(i.name);
                parts.push(if i.style == ParamStyle::SIMPLE {
                    quote!(&transport::path_segment(&self.#n))
                } else {
                    let styled = styled(i.style);
                    quote!(&transport::path_param(#wire, &self.#n, #styled))
                });
            }
            None => literal.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    literal.push_str(rest);
    if parts.is_empty() {
        return quote!(#literal.to_string());
    }
    if !literal.is_empty() {
        parts.push(quote!(#literal));
    }
    quote!([#(#parts),*].concat())
}

/// The statement that puts one input into the request (or, for a form field, into `form`
/// or `fields`), inside `if let Some(value)` when it is optional; `None` for a path
/// parameter (the path has it).
pub(super) fn input_step(i: &Input<'_>) -> Option<TokenStream> {
    let n = ident(i.name);
    let value = if i.required {
        quote!(&self.#n)
    } else {
        quote!(value)
    };
    let step = match &i.place {
        Place::Param(ParamLocation::Path, _) => return None,
        Place::Param(ParamLocation::Query, wire) if i.style == ParamStyle::FORM => {
            quote!(request.query_value(#wire, #value);)
        }
        Place::Param(ParamLocation::Query, wire) => {
            let styled = styled(i.style);
            quote!(request.query_param(#wire, #value, #styled);)
        }
        Place::Param(ParamLocation::Header, wire) if i.style == ParamStyle::SIMPLE => {
            quote!(request.header_value(#wire, #value)?;)
        }
        Place::Param(ParamLocation::Header, wire) => {
            let styled = styled(i.style);
            quote!(request.header_param(#wire, #value, #styled)?;)
        }
        Place::Param(ParamLocation::Cookie, wire) => {
            let styled = styled(i.style);
            quote!(cookies.extend(transport::cookie_param(#wire, #value, #styled));)
        }
        Place::FormText(_) | Place::FormFile(_) => {
            let part = form_part(i, &value);
            quote!(form.push(#part);)
        }
        Place::UrlEncoded(wire) => {
            quote!(for text in transport::texts(#value) { fields.push((#wire.to_string(), text)); })
        }
        Place::JsonBody => quote!(request.json(#value)?;),
        Place::BinaryBody(ct) if is_text(ct) => {
            quote!(request.body = transport::Body::Bytes { data: bytes::Bytes::from(Clone::clone(#value)), content_type: #ct.to_string() };)
        }
        Place::BinaryBody(ct) => {
            quote!(request.body = transport::Body::Bytes { data: Clone::clone(#value), content_type: #ct.to_string() };)
        }
    };
    Some(if i.required {
        step
    } else {
        quote!(if let Some(value) = &self.#n { #step })
    })
}

/// The runtime's `Styled` for a parameter's style (see `runtime/params.rs`).
fn styled(style: ParamStyle) -> TokenStream {
    let name = match (style.style, style.explode) {
        (Style::Simple, false) => "SIMPLE",
        (Style::Simple, true) => "SIMPLE_EXPLODED",
        (Style::Label, false) => "LABEL",
        (Style::Label, true) => "LABEL_EXPLODED",
        (Style::Matrix, false) => "MATRIX",
        (Style::Matrix, true) => "MATRIX_EXPLODED",
        (Style::Form, true) => "FORM",
        (Style::Form, false) => "FORM_UNEXPLODED",
        (Style::SpaceDelimited, false) => "SPACE_DELIMITED",
        (Style::SpaceDelimited, true) => "SPACE_DELIMITED_EXPLODED",
        (Style::PipeDelimited, false) => "PIPE_DELIMITED",
        (Style::PipeDelimited, true) => "PIPE_DELIMITED_EXPLODED",
        (Style::TabDelimited, false) => "TAB_DELIMITED",
        (Style::TabDelimited, true) => "TAB_DELIMITED_EXPLODED",
        (Style::DeepObject, _) => "DEEP_OBJECT",
    };
    let name = ident(name);
    let reserved = style.allow_reserved.then(|| quote!(.reserved()));
    let json = style.json.then(|| quote!(.json()));
    quote!(transport::Styled::#name #reserved #json)
}

/// One multipart part, `(name, FormValue)`, from `value`.
pub(super) fn form_part(i: &Input, value: &TokenStream) -> TokenStream {
    match &i.place {
        Place::FormFile(wire) => quote!((#wire.to_string(), FormValue::File(Clone::clone(#value)))),
        Place::FormText(wire) => {
            quote!((#wire.to_string(), FormValue::Text(transport::texts(#value).join(","))))
        }
        // Not a multipart part.
        _ => quote!(),
    }
}

/// `let form = ...;` for the multipart inputs: a `vec![..]` when every part is required
/// (pushing each right after `Vec::new()` trips clippy's `vec_init_then_push`), else pushes.
/// The parts of a multipart body; `required`: the spec requires the body, so a call that sets
/// none of its (all optional) parts is refused before sending: a multipart entity has at least
/// one part (RFC 2046), and an empty one is no body at all on the wire.
pub(super) fn multipart_form(
    inputs: &[&Input<'_>],
    steps: &[TokenStream],
    required: bool,
) -> TokenStream {
    if inputs.iter().all(|i| i.required) {
        let parts = inputs.iter().map(|i| {
            let n = ident(i.name);
            form_part(i, &quote!(&self.#n))
        });
        quote!(let form = vec![#(#parts),*];)
    } else {
        let check = (required && inputs.iter().all(|i| !i.required)).then(|| {
            let names: Vec<String> = inputs.iter().map(|i| format!("`{}`", i.name)).collect();
            let message = format!(
                "the request body is required, and a multipart body needs a part: set one of {}",
                names.join(", ")
            );
            quote! {
                if form.is_empty() {
                    return Err(Error::InvalidRequest { operation, message: #message.to_string() });
                }
            }
        });
        quote! {
            let mut form = Vec::new();
            #(#steps)*
            #check
        }
    }
}

pub(super) fn send_body(api: &Api, op: &Operation, inputs: &[Input<'_>]) -> TokenStream {
    let http_method = ident(&op.http_method);
    let path = path_expr(op, inputs);
    let template = &op.path;
    let mut steps = Vec::new();
    let mut body = Vec::new();
    let mut form = Vec::new();
    let mut form_inputs = Vec::new();
    let mut urlencoded = Vec::new();
    let mut cookies = Vec::new();
    for i in inputs {
        let Some(wrapped) = input_step(i) else {
            continue;
        };
        match &i.place {
            Place::FormText(_) | Place::FormFile(_) => {
                form_inputs.push(i);
                form.push(wrapped)
            }
            Place::UrlEncoded(_) => urlencoded.push(wrapped),
            Place::Param(ParamLocation::Cookie, _) => cookies.push(wrapped),
            Place::JsonBody | Place::BinaryBody(_) => body.push(wrapped),
            Place::Param(..) => steps.push(wrapped),
        }
    }
    let urlencoded = (!urlencoded.is_empty()).then(|| {
        quote! {
            let mut fields = Vec::new();
            #(#urlencoded)*
            request.body = transport::Body::Form(fields);
        }
    });
    let form = (!form.is_empty()).then(|| {
        let required = op.body.as_ref().is_some_and(|b| b.required);
        let form = multipart_form(&form_inputs, &form, required);
        quote! {
            #form
            request.body = transport::Body::Multipart(form);
        }
    });
    // A body set through an alternative media type replaces the default one.
    let body = match op.body.as_ref().and_then(|b| b.alternatives.as_ref()) {
        None => quote!(#(#body)* #form #urlencoded),
        Some(alternatives) => {
            let field = ident(&alternatives.field);
            quote! {
                match self.#field {
                    Some(body) => request.body = body,
                    None => {
                        #(#body)*
                        #form
                        #urlencoded
                    }
                }
            }
        }
    };
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                request.header("cookie", &cookies.join("; "), false)?;
            }
        }
    });
    // Marked in the spec or provider.toml: retried like an idempotent method.
    let retry_safe = op.retry_safe.then(|| quote!(request.retry_safe = true;));
    // Named in a 401 or 403 on this call (provider.toml `[[permissions]]`).
    let permission = op
        .permission
        .as_deref()
        .map(|p| quote!(request.permission = Some(#p);));
    let statuses_3xx = (!op.statuses_3xx.is_empty()).then(|| {
        let codes = op
            .statuses_3xx
            .iter()
            .map(|c| proc_macro2::Literal::u16_unsuffixed(*c));
        quote!(request.accept_statuses(&[#(#codes),*]);)
    });
    // The media types of the documented responses (a header parameter named `Accept` is
    // ignored, as OpenAPI says).
    let accept = op
        .accept
        .as_deref()
        .map(|types| quote!(request.accept(#types)?;));
    // An OAuth 2.0 scheme's variant holds the scopes this operation needs.
    let security = op.security.iter().map(|alt| {
        let schemes = alt.iter().map(|r| {
            let scheme = &api.auth[r.scheme];
            let variant = ident(&scheme.type_name);
            if scheme.template == crate::config::Template::OAuth2 {
                let scopes = &r.scopes;
                quote!(Scheme::#variant(&[#(#scopes),*]))
            } else {
                quote!(Scheme::#variant)
            }
        });
        quote!(&[#(#schemes),*])
    });
    let fields_arg = api.needs.auth_fields.then(|| {
        let q = op.auth_query.iter().map(|(s, c, w)| {
            let s = ident(&api.auth[*s].type_name);
            quote!((Scheme::#s, #c, #w))
        });
        let b = op.auth_body.iter().map(|(s, c, w)| {
            let s = ident(&api.auth[*s].type_name);
            quote!((Scheme::#s, #c, #w))
        });
        quote!(, &AuthFields { query: &[#(#q),*], body: &[#(#b),*] })
    });
    quote! {
        const SECURITY: &[&[Scheme]] = &[#(#security),*];
        let mut request = Request::new(operation, Method::#http_method, #template, #path);
        #accept
        #statuses_3xx
        #retry_safe
        #permission
        #(#steps)*
        #body
        #cookies
        self.client.credentials().authorize(&mut request, SECURITY #fields_arg)?;
        Ok((request, self.call_options))
    }
}

/// A text media type, sent from a `String` (`text/plain`, `text/csv`, ...).
pub(super) fn is_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
}
