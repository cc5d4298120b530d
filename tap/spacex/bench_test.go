package spacex

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"github.com/spacex-elt/spacex-elt/tap/singer"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spacex-elt/spacex-elt/fixtures/replay"
)

// Benchmarks run the replay server in a child process (this test binary, started again with
// replayChildEnv set), as the real API is another process: the benchmark's allocation and
// heap figures are then the tap's alone, not the server's, which holds the whole dataset.
const replayChildEnv = "TAP_SPACEX_BENCH_REPLAY_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(replayChildEnv); dir != "" {
		os.Exit(serveReplayChild(dir))
	}
	os.Exit(m.Run())
}

// serveReplayChild serves dir on a loopback port, prints the base URL on stdout, and serves
// until its stdin is closed (the parent ended or closed it).
func serveReplayChild(dir string) int {
	srv, err := replay.New(dir, replay.Options{})
	if err == nil {
		err = srv.Preload()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay child:", err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay child:", err)
		return 1
	}
	go http.Serve(ln, srv) //nolint:errcheck // ends with the process
	fmt.Printf("http://%s\n", ln.Addr())
	io.Copy(io.Discard, os.Stdin) //nolint:errcheck
	return 0
}

// replayProcess is a replay server running in a child process.
type replayProcess struct {
	URL string
	pid int
}

// startReplayProcess serves dir from a child process; the child stops when the benchmark
// ends.
func startReplayProcess(b *testing.B, dir string) replayProcess {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), replayChildEnv+"="+dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill() //nolint:errcheck // our own child, by its pid
			<-done
		}
	})
	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("replay child: %v", err)
	}
	return replayProcess{URL: strings.TrimSpace(url), pid: cmd.Process.Pid}
}

// processCPU returns the CPU time (user + system) a process has used so far, read from
// /proc (Linux only), and false where that cannot be read. Unlike the Go runtime's estimate,
// it does not count time this process's threads waited for a core the server was using.
func processCPU(pid int) (time.Duration, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	_, after, ok := strings.Cut(string(raw), ") ")
	fields := strings.Fields(after)
	if !ok || len(fields) < 13 {
		return 0, false
	}
	var utime, stime int64
	if _, err := fmt.Sscan(fields[11]+" "+fields[12], &utime, &stime); err != nil {
		return 0, false
	}
	const clockTicks = 100 // USER_HZ, 100 on every Linux the project runs on
	return time.Duration(utime+stime) * time.Second / clockTicks, true
}

// cpuMeter reports, per record, the CPU time used by the tap (this process) and by the
// server (the child) since it started; nothing where /proc cannot be read.
type cpuMeter struct {
	pids  [2]int
	start [2]time.Duration
	ok    bool
}

func startCPUMeter(srv replayProcess) *cpuMeter {
	m := &cpuMeter{pids: [2]int{os.Getpid(), srv.pid}, ok: true}
	for i, pid := range m.pids {
		var ok bool
		m.start[i], ok = processCPU(pid)
		m.ok = m.ok && ok
	}
	return m
}

func (m *cpuMeter) report(b *testing.B, records float64) {
	for i, unit := range []string{"tap-cpu-µs/record", "server-cpu-µs/record"} {
		if now, ok := processCPU(m.pids[i]); ok && m.ok {
			b.ReportMetric(float64((now-m.start[i]).Microseconds())/records, unit)
		}
	}
}

// benchStreams are the tap's streams against baseURL, built once per benchmark as the tap
// builds them once per process (loading the spec is not a per-record cost).
func benchStreams(b *testing.B, baseURL string) []singer.Stream {
	return testAPIStreams(b, Config{BaseURL: baseURL, PageSize: 100, UserAgent: "bench", RequestTimeoutSeconds: 60, MaxAttempts: 1})
}

// benchSyncer is a Syncer of the one stream starlink, writing to out.
func benchSyncer(streams []singer.Stream, cat singer.Catalog, out io.Writer) *singer.Syncer {
	return &singer.Syncer{
		Streams:   streams,
		Catalog:   cat,
		Selection: singer.Selection{"starlink": nil},
		Out:       singer.NewOutput(out),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:       func() time.Time { return sampleNow },
	}
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }

// starlinkDataset returns the folder to benchmark on: SPACEX_SNAPSHOT when set, else a
// generated snapshot of n starlink documents; and the number of starlink documents.
func starlinkDataset(b *testing.B, n int) (dir, name string, docs int) {
	b.Helper()
	if dir := snapshotDir(); dir != "" {
		docs := countDocs(b, filepath.Join(dir, "v4", "starlink.json"))
		return dir, fmt.Sprintf("snapshot-%d", docs), docs
	}
	dir = b.TempDir()
	writeGeneratedSnapshot(b, dir, map[string]int{"starlink": n})
	return dir, fmt.Sprintf("generated-%d", n), n
}

func countDocs(b *testing.B, path string) int {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("no starlink data: %v", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	var docs []struct{}
	if err := dec.Decode(&docs); err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	return len(docs)
}

// BenchmarkSync_Starlink syncs the starlink stream (page_size 100) from a replay server:
// the real snapshot when SPACEX_SNAPSHOT is set (1,791 satellites), else 2,000 generated
// documents. records/s is the throughput; B/record and allocs/record are the tap's
// allocations per record (the server runs in another process).
func BenchmarkSync_Starlink(b *testing.B) {
	dir, name, docs := starlinkDataset(b, 2000)
	b.Run(name, func(b *testing.B) {
		srv := startReplayProcess(b, dir)
		url := srv.URL
		cat := discover(b)
		streams := benchStreams(b, url)
		var out countingWriter
		if err := benchSyncer(streams, cat, &out).Run(context.Background(), singer.State{}); err != nil { // warm-up
			b.Fatal(err)
		}
		b.SetBytes(out.n.Load()) // MB/s: of Singer output
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu := startCPUMeter(srv)
		for b.Loop() {
			if err := benchSyncer(streams, cat, io.Discard).Run(context.Background(), singer.State{}); err != nil {
				b.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		records := float64(docs) * float64(b.N)
		cpu.report(b, records)
		b.ReportMetric(records/b.Elapsed().Seconds(), "records/s")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
	})
}

// heapSampler samples the heap every millisecond while a benchmark runs and keeps the peaks:
// HeapInuse (runtime/metrics: heap objects + unused heap spans, as MemStats.HeapInuse) and
// the live heap marked by the last GC. Reading runtime/metrics does not stop the world.
type heapSampler struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	peakHeap uint64
	peakLive uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	read := func() {
		metrics.Read(samples)
		h.peakHeap = max(h.peakHeap, samples[0].Value.Uint64()+samples[1].Value.Uint64())
		h.peakLive = max(h.peakLive, samples[2].Value.Uint64())
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-h.stop:
				read()
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() { close(h.stop); h.wg.Wait() }

// BenchmarkSync_MemoryFlat syncs generated starlink collections of 1k, 10k and 50k documents
// (page_size 100). The tap streams: B/record and allocs/record should stay the same whatever
// the collection's size, and so should the peak heap (peak-heap-MB, sampled HeapInuse; and
// peak-live-MB, the largest live heap a GC marked), since no more than a page is in flight.
// The server runs in another process, so its copy of the dataset is not counted.
func BenchmarkSync_MemoryFlat(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 50_000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeGeneratedSnapshot(b, dir, map[string]int{"starlink": n})
			srv := startReplayProcess(b, dir)
			url := srv.URL
			cat := discover(b)
			streams := benchStreams(b, url)
			runtime.GC()
			runtime.GC() // the generated dataset is garbage now: start from a clean heap
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			h := startHeapSampler()
			cpu := startCPUMeter(srv)
			for b.Loop() {
				if err := benchSyncer(streams, cat, io.Discard).Run(context.Background(), singer.State{}); err != nil {
					b.Fatal(err)
				}
			}
			h.Stop()
			runtime.ReadMemStats(&after)
			records := float64(n) * float64(b.N)
			cpu.report(b, records)
			b.ReportMetric(records/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
			b.ReportMetric(float64(h.peakHeap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(h.peakLive)/(1<<20), "peak-live-MB")
		})
	}
}
