using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Execution;

namespace Scheduler.Worker.Sequences;

/// <summary>
/// What each step of one sequence attempt has come to so far, in execution order: the sequence's result when it ends,
/// and what its record keeps when it is cut short, whether the handler sees that (it throws with <see cref="Json"/>) or
/// not (abandoned at the hard timeout while a step ignores its token: the executor reads <see cref="Json"/> from the
/// attempt's <see cref="PartialResultSlot"/>, on its own thread while the steps may still move on, hence the lock).
/// </summary>
internal sealed class SequenceReport
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly object _gate = new();
    private readonly List<StepOutcome> _steps;
    private readonly TimeProvider _time;
    private (int Index, long Started, int Attempts, PartialResultSlot SoFar)? _running;

    public SequenceReport(IReadOnlyList<SequenceStep> order, TimeProvider time)
    {
        _time = time;
        _steps = order.Select(s => new StepOutcome(s.Id, s.Task.TypeName, StepStatus.NotStarted, null, "not run: the sequence was stopped", 0)).ToList();
    }

    /// <summary>The steps that ended (not the running one nor those not reached).</summary>
    public IReadOnlyList<StepOutcome> Finished
    {
        get { lock (_gate) return _steps.Where(s => s.Outcome is not StepStatus.NotStarted).ToList(); }
    }

    /// <summary>Step <paramref name="id"/> starts; what it produces meanwhile is read from <paramref name="soFar"/> (a nested sequence's steps).</summary>
    public void Start(string id, PartialResultSlot soFar)
    {
        lock (_gate) _running = (IndexOf(id), _time.GetTimestamp(), 0, soFar);
    }

    /// <summary>The running step begins another try (its first, or one of its own retries).</summary>
    public void Try()
    {
        lock (_gate) if (_running is { } r) _running = r with { Attempts = r.Attempts + 1 };
    }

    /// <summary>A step ended (or was skipped) as <paramref name="outcome"/> says.</summary>
    public void End(StepOutcome outcome)
    {
        lock (_gate)
        {
            var index = IndexOf(outcome.Id);
            _steps[index] = outcome;
            if (_running?.Index == index) _running = null;
        }
    }

    /// <summary>
    /// The running step was stopped with the sequence; <paramref name="partial"/> is what it said it had produced
    /// (a shell step's output so far), else what it left in its slot.
    /// </summary>
    public void Interrupt(string? partial)
    {
        lock (_gate)
        {
            if (_running is not { } r) return;
            _steps[r.Index] = Interruption(r, partial);
            _running = null;
        }
    }

    /// <summary>The result JSON: every step as it is now, a step still running shown interrupted.</summary>
    public string Json()
    {
        lock (_gate)
        {
            var steps = _steps.ToList();
            if (_running is { } r) steps[r.Index] = Interruption(r, null);
            return JsonSerializer.Serialize(new SequenceResult(steps), ResultJson);
        }
    }

    private StepOutcome Interruption((int Index, long Started, int Attempts, PartialResultSlot SoFar) running, string? partial) =>
        _steps[running.Index] with
        {
            Outcome = StepStatus.Interrupted, Result = partial ?? running.SoFar.Read(), Error = "interrupted: the sequence was stopped",
            DurationMs = (long)_time.GetElapsedTime(running.Started).TotalMilliseconds, Attempts = running.Attempts,
        };

    private int IndexOf(string id) => _steps.FindIndex(s => s.Id == id);

    private sealed record SequenceResult(IReadOnlyList<StepOutcome> Steps);
}
