package keyset

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// source is an in-memory source of documents {"n": key} sorted by key, limit a page.
type source struct {
	keys    []int
	limit   int
	ignored bool // answer the first page whatever is asked (a source that ignores the key)
	fetches int
}

func (s *source) fetch(_ context.Context, _ int, after int, each func(json.RawMessage) bool) (bool, error) {
	s.fetches++
	var rest []int
	for _, k := range s.keys {
		if k > after || s.ignored {
			rest = append(rest, k)
		}
	}
	page := rest[:min(s.limit, len(rest))]
	for _, k := range page {
		if !each(json.RawMessage(fmt.Sprintf(`{"n":%d}`, k))) {
			return false, nil
		}
	}
	return len(rest) > s.limit, nil
}

func keyOf(doc json.RawMessage) (int, error) {
	var d struct{ N int }
	err := json.Unmarshal(doc, &d)
	return d.N, err
}

func walk(t *testing.T, s *source, after int) (keys, marks []int, err error) {
	t.Helper()
	for item, e := range Pages(context.Background(), s.fetch, Options[int]{After: after, Key: keyOf}) {
		if e != nil {
			return keys, marks, e
		}
		if item.PageDone {
			marks = append(marks, item.Key)
			continue
		}
		if !strings.Contains(string(item.Doc), strconv.Itoa(item.Key)) {
			t.Errorf("item %+v: key is not the document's", item)
		}
		keys = append(keys, item.Key)
	}
	return keys, marks, nil
}

// Every document once, in key order, whatever the page size; a walk resumed after any key
// reads exactly the documents after it (integer keys compare as numbers: 9 < 10).
func TestPages_EveryDocumentOnceAndResumesAfterAKey(t *testing.T) {
	all := []int{1, 2, 9, 10, 11, 100}
	for _, limit := range []int{1, 2, 5, 6, 50} {
		keys, marks, err := walk(t, &source{keys: all, limit: limit}, 0)
		if err != nil || !slices.Equal(keys, all) {
			t.Errorf("limit %d: %v, %v; want %v", limit, keys, err, all)
		}
		if wantPages := (len(all) + limit - 1) / limit; len(marks) != wantPages || marks[len(marks)-1] != 100 {
			t.Errorf("limit %d: page marks %v, want %d ending at 100", limit, marks, wantPages)
		}
	}
	for i, after := range all {
		keys, _, err := walk(t, &source{keys: all, limit: 2}, after)
		if err != nil || !slices.Equal(keys, all[i+1:]) {
			t.Errorf("after %d: %v, %v; want %v", after, keys, err, all[i+1:])
		}
	}
}

// A source that ignores the key would make a resume skip or repeat documents: the walk stops
// with an error naming the page and the document.
func TestPages_RefusesASourceThatIgnoresTheKey(t *testing.T) {
	_, _, err := walk(t, &source{keys: []int{1, 2, 3}, limit: 2, ignored: true}, 0)
	if err == nil || !strings.Contains(err.Error(), "page 2 document 0: key 1 does not come after 2") {
		t.Errorf("error %v, want page 2 document 0 refused", err)
	}
}

func TestPages_EmptyPageThatSaysMoreIsAnError(t *testing.T) {
	fetch := func(context.Context, int, int, func(json.RawMessage) bool) (bool, error) { return true, nil }
	for _, err := range Pages(context.Background(), fetch, Options[int]{Key: keyOf}) {
		if err == nil || !strings.Contains(err.Error(), "page 1: an empty page says there are more pages") {
			t.Errorf("error %v", err)
		}
	}
}

// A consumer that stops is not fetched for again.
func TestPages_ConsumerBreakStopsFetching(t *testing.T) {
	s := &source{keys: []int{1, 2, 3, 4}, limit: 2}
	for item := range Pages(context.Background(), s.fetch, Options[int]{Key: keyOf}) {
		if item.Key == 1 {
			break
		}
	}
	if s.fetches != 1 {
		t.Errorf("%d fetches, want 1", s.fetches)
	}
}
