namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Runs steps in dependency order (a directed acyclic graph), one at a time: among the steps whose dependencies have
/// finished, the one listed first runs next, so the order is deterministic. Steps run within the sequence's attempt:
/// the sequence's own <see cref="TaskDefinition.Execution"/> policy governs its retries and timeouts, and a step's
/// own policy applies inside them: its <see cref="ExecutionPolicy.MaxRetries"/> retries that step (after its
/// backoff, or the worker's), its soft timeout cancels it and its hard timeout abandons it as failed. A step without
/// a policy of its own runs once, bounded only by the sequence. Later steps can read earlier results through the
/// worker's execution context. The result is JSON with each step's id, outcome, result or error, duration and attempts.
/// </summary>
/// <param name="Steps">The steps; at least one, at most 100.</param>
[TaskType("sequence")]
public sealed record SequenceTask(IReadOnlyList<SequenceStep> Steps) : TaskDefinition
{
    private const int MaxSteps = 100;

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (Steps is null || Steps.Count == 0)
        {
            yield return "sequence \"steps\" is empty; expected at least one step";
            yield break;
        }
        if (Steps.Count > MaxSteps) yield return $"sequence \"steps\" has {Steps.Count} steps; at most {MaxSteps} are accepted";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (step, index) in Steps.Select((s, i) => (s, i)))
        {
            if (step is null) { yield return $"sequence step #{index + 1} is null; expected an object with \"id\" and \"task\""; continue; }
            if (!TaskNames.IsValid(step.Id)) yield return $"sequence step #{index + 1} \"id\" is {TaskNames.Describe(step.Id)}; expected {TaskNames.Shape}";
            else if (!ids.Add(step.Id)) yield return $"sequence step id \"{step.Id}\" is used twice; expected unique ids";
            if (step.Task is null) yield return $"sequence step \"{step.Id}\" has no \"task\"; expected a task definition";
            else foreach (var error in step.Task.Validate()) yield return $"sequence step \"{step.Id}\": {error}";
        }
        foreach (var step in Steps.Where(s => s is not null))
        {
            foreach (var dependency in step.DependsOn ?? [])
            {
                if (dependency == step.Id) yield return $"sequence step \"{step.Id}\" depends on itself; expected other step ids";
                else if (!ids.Contains(dependency)) yield return $"sequence step \"{step.Id}\" depends on unknown step \"{dependency}\"; known steps: {string.Join(", ", ids)}";
            }
        }
        if (FindCycle() is { } cycle) yield return $"sequence steps form a cycle: {string.Join(" → ", cycle)}; expected dependencies without cycles";
    }

    /// <summary>The steps in the order they run: dependencies first, otherwise in list order.</summary>
    /// <exception cref="InvalidOperationException">The steps have a cycle or an unknown dependency (see <see cref="Validate"/>).</exception>
    public IReadOnlyList<SequenceStep> ExecutionOrder()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<SequenceStep>(Steps.Count);
        var pending = Steps.ToList();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(s => (s.DependsOn ?? []).All(done.Contains))
                ?? throw new InvalidOperationException("sequence steps have a cycle or an unknown dependency");
            pending.Remove(next);
            done.Add(next.Id);
            order.Add(next);
        }
        return order;
    }

    /// <summary>A cycle as step ids with the first repeated at the end (a → b → a), or null.</summary>
    private List<string>? FindCycle()
    {
        var byId = Steps.Where(s => s?.Id is not null).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var state = new Dictionary<string, int>(); // 1 = on the current path, 2 = finished
        var path = new List<string>();

        List<string>? Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var dependency in byId[id].DependsOn ?? [])
            {
                if (!byId.ContainsKey(dependency)) continue;
                var seen = state.GetValueOrDefault(dependency);
                if (seen == 1) return [.. path[path.IndexOf(dependency)..], dependency];
                if (seen == 0 && Visit(dependency) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[id] = 2;
            return null;
        }

        foreach (var id in byId.Keys)
            if (state.GetValueOrDefault(id) == 0 && Visit(id) is { } cycle) return cycle;
        return null;
    }
}
