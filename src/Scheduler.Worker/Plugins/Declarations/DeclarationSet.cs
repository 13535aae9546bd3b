namespace Scheduler.Worker.Plugins.Declarations;

/// <summary>
/// One plugin's declarations after checking: those to register and those refused. <see cref="DeclaredTaskIds"/> holds
/// the task ids of both, so a schedule whose declaration became invalid is reported as invalid, not as removed.
/// </summary>
internal sealed record DeclarationSet(string PluginName, IReadOnlyList<DeclaredTask> Valid, IReadOnlyList<DeclarationProblem> Invalid, IReadOnlySet<string> DeclaredTaskIds);
