//! `.pages()` and `.items()` on the builders of list operations.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens::{doc, ident, rust_type};
use crate::model::{Operation, TypeRef};

/// `pages()` and `items()` for a list operation.
pub(super) fn paging(
    op: &Operation,
    p: &crate::model::Pagination,
    page_type: &TokenStream,
) -> TokenStream {
    use crate::config::PageStyle;
    let operation_id = &op.operation_id;
    let param = ident(&p.param);
    let items_pointer = &p.items;
    let item_type = rust_type(&p.item_type, &quote!(types::));
    // Positions are `i64`; an `i32` parameter converts.
    let widen = |ty: &TypeRef| (ty == &TypeRef::I32).then(|| quote!(.map(i64::from)));
    let size = match &p.size {
        Some((size, ty)) => {
            let widen = widen(ty);
            let size = ident(size);
            quote!(self.#size #widen)
        }
        None => quote!(None),
    };
    let widen_param = widen(&p.param_type);
    let first = p.first;
    let to_param = match p.param_type {
        TypeRef::I32 => quote!(i32::try_from(n).unwrap_or(i32::MAX)),
        _ => quote!(n),
    };
    let (advance, start, step, what) = match p.style {
        PageStyle::Page => (
            quote!(pagination::Advance::Page),
            quote!(pagination::Position::Number(self.#param #widen_param .unwrap_or(#first))),
            quote!(if let pagination::Position::Number(n) = position { call.#param = Some(#to_param); }),
            format!("page number `{}`", p.param),
        ),
        PageStyle::Offset => (
            quote!(pagination::Advance::Offset),
            quote!(pagination::Position::Number(self.#param #widen_param .unwrap_or(#first))),
            quote!(if let pagination::Position::Number(n) = position { call.#param = Some(#to_param); }),
            format!("offset `{}`", p.param),
        ),
        PageStyle::Cursor => {
            let next = p.next.clone().unwrap_or_default();
            (
                quote!(pagination::Advance::Cursor(#next)),
                quote!(pagination::Position::Cursor(self.#param.clone())),
                quote!(if let pagination::Position::Cursor(Some(c)) = position { call.#param = Some(c); }),
                format!("cursor `{}`", p.param),
            )
        }
    };
    let pages_doc = doc(&format!(
        "Every page, from this call's {what} on, until a page is empty{}, the list ends, or the server repeats a page or cursor. Each page is one request, with this call's retries and options.",
        if p.size.is_some() {
            " or shorter than the page size"
        } else {
            ""
        }
    ));
    let items_doc = doc(&format!(
        "Every item (`{items_pointer}` of each page) across [`pages`](Self::pages)."
    ));
    quote! {
        #pages_doc
        pub fn pages(self) -> pagination::Pages<#page_type> {
            let walk = pagination::Walk {
                operation: #operation_id,
                advance: #advance,
                items: #items_pointer,
                size: #size,
            };
            let start = #start;
            pagination::pages(walk, start, move |position| {
                let mut call = self.clone();
                #step
                call.send()
            })
        }

        #items_doc
        pub fn items(self) -> pagination::Items<#item_type> {
            let walk = pagination::Walk {
                operation: #operation_id,
                advance: #advance,
                items: #items_pointer,
                size: #size,
            };
            pagination::items(walk, self.pages())
        }
    }
}
