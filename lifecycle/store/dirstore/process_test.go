package dirstore_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/faceid-go/faceid/lifecycle/store"
	"github.com/faceid-go/faceid/lifecycle/store/dirstore"
)

// racerEnv, when set in a child process, names the directory in which
// TestProcessesRace's child puts its keys.
const racerEnv = "DIRSTORE_TEST_RACER_DIR"

const processKeys = 40

// TestProcessesRace starts several processes that put the same keys in
// one directory at once, and checks that each key has exactly one winner.
func TestProcessesRace(t *testing.T) {
	if dir := os.Getenv(racerEnv); dir != "" {
		race(dir)
		return
	}
	dir := t.TempDir()
	const procs = 4
	cmds := make([]*exec.Cmd, procs)
	outs := make([]*bytes.Buffer, procs)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestProcessesRace$", "-test.count=1")
		cmds[i].Env = append(os.Environ(), racerEnv+"="+dir)
		outs[i] = new(bytes.Buffer)
		cmds[i].Stdout = outs[i]
		cmds[i].Stderr = os.Stderr
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	wins := map[string]int{}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("racer %d: %v", i, err)
		}
		answers := 0
		sc := bufio.NewScanner(outs[i])
		for sc.Scan() {
			key, verdict, ok := strings.Cut(sc.Text(), " ")
			if !ok || !strings.HasPrefix(key, "p/") {
				continue // the test binary's own output
			}
			answers++
			switch verdict {
			case "won":
				wins[key]++
			case "exists":
			default:
				t.Errorf("racer %d: %s: %s", i, key, verdict)
			}
		}
		if answers != processKeys {
			t.Errorf("racer %d answered for %d keys, want %d", i, answers, processKeys)
		}
	}
	for k := range processKeys {
		if key := processKey(k); wins[key] != 1 {
			t.Errorf("%s: %d processes won, want exactly 1", key, wins[key])
		}
	}
}

func processKey(k int) string {
	return fmt.Sprintf("p/T%02d/manifest.json", k)
}

// race puts every key of TestProcessesRace in dir and prints, for each,
// whether it won.
func race(dir string) {
	s, err := dirstore.Open(dir)
	if err != nil {
		fmt.Println("open", err)
		os.Exit(1)
	}
	defer s.Close()
	content := fmt.Sprintf("written by process %d", os.Getpid())
	for k := range processKeys {
		key := processKey(k)
		_, err := s.Put(context.Background(), key, strings.NewReader(content))
		switch {
		case err == nil:
			fmt.Println(key, "won")
		case errors.Is(err, store.ErrExist):
			fmt.Println(key, "exists")
		default:
			fmt.Println(key, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	}
}
