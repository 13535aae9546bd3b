using System.Text.RegularExpressions;

namespace Scheduler.UnitTests.Docs;

/// <summary>
/// The house layout (issue 19): folder = namespace, and a file is named after the one type it declares (a partial's
/// files as <c>Type.Feature.cs</c>), so a type is found by its name and a folder by its namespace.
/// </summary>
public sealed partial class SourceLayoutTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Distributed.sln not found");
    }

    private static IEnumerable<(string Relative, string Text)> SourceFiles()
    {
        var src = Path.Combine(Root(), "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "bin" or "obj")) continue;
            yield return (relative, File.ReadAllText(file));
        }
    }

    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var wrong = new List<string>();
        foreach (var (relative, text) in SourceFiles())
        {
            // Program.cs holds top-level statements and declares no namespace.
            if (Namespace().Match(text) is not { Success: true } declared) continue;
            var expected = string.Join('.', relative.Split('/')[..^1]);
            if (declared.Groups["name"].Value != expected) wrong.Add($"{relative} declares {declared.Groups["name"].Value}, expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Every_source_file_is_named_after_the_one_type_it_declares()
    {
        var wrong = new List<string>();
        foreach (var (relative, text) in SourceFiles())
        {
            var owner = Path.GetFileName(relative).Split('.')[0];
            // Top-level types only: with file-scoped namespaces they start at column 0, nested ones are indented.
            var others = TopLevelType().Matches(text).Select(m => m.Groups["name"].Value).Where(name => name != owner).Distinct().ToList();
            if (others.Count > 0) wrong.Add($"{relative} declares {string.Join(", ", others)}; expected only {owner}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void The_readme_layout_names_every_folder_of_each_project()
    {
        var root = Root();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var missing = new List<string>();
        foreach (var project in Directory.GetDirectories(Path.Combine(root, "src")))
        {
            var name = Path.GetFileName(project);
            var row = readme.FirstOrDefault(line => line.StartsWith($"| `src/{name}` |", StringComparison.Ordinal) && line.Contains("/`", StringComparison.Ordinal));
            if (row is null) { missing.Add($"{name}: no layout row"); continue; }
            foreach (var folder in Directory.GetDirectories(project, "*", SearchOption.AllDirectories)
                         .Select(d => Path.GetRelativePath(project, d).Replace('\\', '/'))
                         .Where(d => !d.Split('/').Any(part => part is "bin" or "obj")))
                if (!row.Contains($"{folder.Split('/')[^1]}/`", StringComparison.Ordinal)) missing.Add($"{name}: {folder}/");
        }
        Assert.True(missing.Count == 0, "README layout lacks: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^(?:(?:public|internal|file)\s+)?(?:(?:static|sealed|abstract|partial|readonly|ref|unsafe|record)\s+)*(?:class|struct|interface|enum|record)\s+(?<name>[A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
