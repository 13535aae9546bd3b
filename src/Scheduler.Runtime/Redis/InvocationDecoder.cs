using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// Turns a stored job's invocation data into its <see cref="Job"/> as <see cref="InvocationData.DeserializeJob"/> does,
/// without a Json.NET reader per argument: Hangfire's state changer reads a job twice per run and decodes each argument
/// with its own reader and buffers, a third of what a worker allocated per task. A job whose arguments are all plain
/// strings (nothing escaped), integers and nulls, with Hangfire's substituted parameters (a cancellation token, the
/// perform context), is read directly; any other goes through Hangfire.
/// </summary>
/// <remarks>
/// The direct reading is used for a job method only once it agreed with Hangfire's: each method's first job (and any
/// after Hangfire's type resolver is replaced) is read both ways and compared.
/// </remarks>
internal static class InvocationDecoder
{
    private static readonly ConcurrentDictionary<(string Type, string Method, string ParameterTypes), Method?> Methods = new();

    /// <summary>The job, as <see cref="InvocationData.DeserializeJob"/> gives it (and throws).</summary>
    public static Job Decode(InvocationData data)
    {
        if (data.Type is null || data.Method is null || data.ParameterTypes is null || data.Arguments is null) return data.DeserializeJob();
        var key = (data.Type, data.Method, data.ParameterTypes);
        var resolver = TypeHelper.CurrentTypeResolver;
        if (Methods.TryGetValue(key, out var known) && (known is null || known.Resolver == resolver))
            return known is not null && Arguments(data.Arguments, known.Parameters) is { } direct ? new Job(known.Type, known.Info, direct, data.Queue) : data.DeserializeJob();

        var job = data.DeserializeJob();
        var parameters = job.Method.GetParameters().Select(p => p.ParameterType).ToArray();
        // A job this reading leaves to Hangfire (an argument with escapes) says nothing yet about the method's others.
        if (!parameters.All(Readable)) Methods[key] = null;
        else if (Arguments(data.Arguments, parameters) is { } read)
            Methods[key] = read.SequenceEqual(job.Args) ? new Method(resolver, job.Type, job.Method, parameters) : null;
        return job;
    }

    /// <summary>Whether <see cref="Decode"/> reads this job directly (its method already agreed with Hangfire's reading).</summary>
    internal static bool ReadsDirectly(InvocationData data) =>
        Methods.TryGetValue((data.Type, data.Method, data.ParameterTypes), out var known) && known is not null
        && known.Resolver == TypeHelper.CurrentTypeResolver && Arguments(data.Arguments, known.Parameters) is not null;

    private static bool Readable(Type type) =>
        type == typeof(string) || type == typeof(long) || type == typeof(int) || Substituted(type);

    // Hangfire stores null for these and puts the running job's own in at perform time.
    private static bool Substituted(Type type) =>
        type == typeof(CancellationToken) || type == typeof(IJobCancellationToken) || type == typeof(PerformContext);

    // The array Hangfire writes: each item null or a string literal of the argument's own JSON text. Null when anything
    // is escaped beyond the quotes around a string argument's text, or a text is not what its parameter takes.
    private static object?[]? Arguments(string text, Type[] parameters)
    {
        var values = new object?[parameters.Length];
        if (text == "[]") return parameters.Length == 0 ? values : null;
        var at = 0;
        if (!Next(text, ref at, '[')) return null;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i > 0 && !Next(text, ref at, ',')) return null;
            var parameter = parameters[i];
            if (string.CompareOrdinal(text, at, "null", 0, 4) == 0)
            {
                at += 4;
                values[i] = parameter == typeof(CancellationToken) ? CancellationToken.None : null;
                if (parameter == typeof(long) || parameter == typeof(int)) return null;
                continue;
            }
            if (Substituted(parameter)) return null;
            if (parameter == typeof(string))
            {
                // "\"value\"": the value with nothing to escape, between escaped quotes.
                if (string.CompareOrdinal(text, at, "\"\\\"", 0, 3) != 0) return null;
                var end = text.IndexOfAny(['\\', '"'], at + 3);
                if (end < 0 || string.CompareOrdinal(text, end, "\\\"\"", 0, 3) != 0) return null;
                values[i] = text[(at + 3)..end];
                at = end + 3;
                continue;
            }
            if (!Next(text, ref at, '"')) return null;
            var close = text.IndexOf('"', at);
            if (close < 0 || !long.TryParse(text.AsSpan(at, close - at), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return null;
            if (parameter == typeof(int))
            {
                if (number is < int.MinValue or > int.MaxValue) return null;
                values[i] = (int)number;
            }
            else values[i] = number;
            at = close + 1;
        }
        return Next(text, ref at, ']') && at == text.Length ? values : null;
    }

    private static bool Next(string text, ref int at, char expected)
    {
        if (at >= text.Length || text[at] != expected) return false;
        at++;
        return true;
    }

    private sealed record Method(Func<string, Type> Resolver, Type Type, MethodInfo Info, Type[] Parameters);
}
