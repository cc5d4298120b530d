// Package keyset is the pager both taps read their sources with: documents in key order,
// page after page, each page asking for the documents after the last key of the one before
// (keyset pagination). Unlike page numbers, the position does not move when documents are
// added or removed at the source, nor with the page size: a walk resumed after a key
// continues exactly after that document.
//
// The source's own request and page format are the caller's (a Fetch): tap-spacex's POST
// /query envelopes (client/spacex.KeysetFetch), tap-spacetrack's satcat predicates.
package keyset

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
)

// Fetch reads one page: the documents whose key comes after after (every document when
// after is K's zero value), in key order. It calls each for every document of the page in
// order and stops as soon as each returns false; more is whether the source says pages
// follow. page is the page's rank in this walk (1, 2, …), for errors, which should also
// name the request.
type Fetch[K cmp.Ordered] func(ctx context.Context, page int, after K, each func(doc json.RawMessage) bool) (more bool, err error)

// Options configures Pages.
type Options[K cmp.Ordered] struct {
	// After resumes after this key; K's zero value starts from the first document.
	After K
	// Key returns a document's key (required). A key must come after K's zero value.
	Key func(doc json.RawMessage) (K, error)
}

// Item is one value yielded by Pages: a document, or, when PageDone is set, the marker
// closing a page.
type Item[K cmp.Ordered] struct {
	// Doc is the document as the source sent it; nil on a PageDone marker.
	Doc json.RawMessage
	// Page is the page's rank in this walk (1-based).
	Page int
	// Index is the document's 0-based position in its page; on a PageDone marker, the
	// page's document count.
	Index int
	// Key is the document's key; on a PageDone marker, the key of the last document so far
	// (the position to resume after; the one before the page for an empty page).
	Key K
	// PageDone marks the end of Page: every document of the page has been yielded before it.
	// A checkpoint taken on it covers the whole page.
	PageDone bool
}

// Pages walks fetch from opts.After, yielding each page's documents and then its PageDone
// marker, until a page says no more follow. A document whose key does not come after the
// one before it (a source that does not sort or filter by key) is an error, since resuming
// after it could skip documents; so is an empty page that says more follow. After yielding an
// error the iterator stops; so it does when the consumer stops. The context is checked
// before each page.
func Pages[K cmp.Ordered](ctx context.Context, fetch Fetch[K], opts Options[K]) iter.Seq2[Item[K], error] {
	return func(yield func(Item[K], error) bool) {
		if opts.Key == nil {
			yield(Item[K]{}, errors.New("keyset: Options.Key is nil"))
			return
		}
		after := opts.After
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(Item[K]{Page: page}, fmt.Errorf("page %d: %w", page, err))
				return
			}
			count, stopped := 0, false
			more, err := fetch(ctx, page, after, func(doc json.RawMessage) bool {
				key, err := opts.Key(doc)
				if err == nil && key <= after {
					err = fmt.Errorf("key %#v does not come after %#v: the source does not sort or filter by key", key, after)
				}
				if err != nil {
					stopped = true
					yield(Item[K]{Page: page}, fmt.Errorf("page %d document %d: %w", page, count, err))
					return false
				}
				if !yield(Item[K]{Doc: doc, Page: page, Index: count, Key: key}, nil) {
					stopped = true
					return false
				}
				after = key
				count++
				return true
			})
			switch {
			case stopped:
				return
			case err != nil:
				yield(Item[K]{Page: page}, err)
				return
			case more && count == 0:
				yield(Item[K]{Page: page}, fmt.Errorf("page %d: an empty page says there are more pages", page))
				return
			}
			if !yield(Item[K]{Page: page, Index: count, Key: after, PageDone: true}, nil) || !more {
				return
			}
		}
	}
}
