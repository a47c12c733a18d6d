package lifecycle

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// AtRiskWithin is how close to Tencent's deadline an unarchived token
// counts as at risk.
const AtRiskWithin = 12 * time.Hour

// Status counts the tracked tokens still in the database (archived tokens
// stay four days, lost ones a month).
type Status struct {
	// Tracked counts every token.
	Tracked int `json:"tracked"`
	// Pending counts the tokens neither archived nor lost yet.
	Pending int `json:"pending"`
	// Archived counts the tokens whose evidence is archived; Passed,
	// Failed and Abandoned split them by outcome.
	Archived  int `json:"archived"`
	Passed    int `json:"passed"`
	Failed    int `json:"failed"`
	Abandoned int `json:"abandoned"`
	// Lost counts the tokens whose result was not archived before Tencent
	// deleted it.
	Lost int `json:"lost"`
	// AtRisk counts the pending tokens whose deadline is within 12 hours.
	AtRisk int `json:"at_risk"`
}

// Idle reports whether every tracked token is archived or lost.
func (s Status) Idle() bool { return s.Pending == 0 }

// Status counts the tokens by state.
func (t *Tracker[TTx]) Status(ctx context.Context) (Status, error) {
	var s Status
	now := t.cfg.Now()
	params := river.NewJobListParams().Kinds(fetchKind).First(1000).
		States(rivertype.JobStates()...).OrderBy(river.JobListOrderByID, river.SortOrderAsc)
	for {
		res, err := t.river.JobList(ctx, params)
		if err != nil {
			return Status{}, fmt.Errorf("lifecycle: listing tokens: %w", err)
		}
		for _, job := range res.Jobs {
			var a fetchArgs
			if err := json.Unmarshal(job.EncodedArgs, &a); err != nil || a.Flow == "" {
				continue // Returned's lookup of an untracked token
			}
			s.Tracked++
			var out jobOutput
			if raw := job.Output(); raw != nil {
				_ = json.Unmarshal(raw, &out)
			}
			switch {
			case out.State == "archived":
				s.Archived++
				switch out.Outcome {
				case "passed":
					s.Passed++
				case "abandoned":
					s.Abandoned++
				default:
					s.Failed++
				}
			case out.State == "lost", !now.Before(a.deadline()):
				s.Lost++
			default:
				s.Pending++
				if a.deadline().Sub(now) <= AtRiskWithin {
					s.AtRisk++
				}
			}
		}
		if len(res.Jobs) < 1000 {
			return s, nil
		}
		params = params.After(res.LastCursor)
	}
}
