using System.Collections.Concurrent;
using System.Reflection;
using System.Globalization;
using Hangfire.Common;
using Hangfire.Storage;
using Scheduler.Runtime.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// Gives a job's invocation data (type, method, parameter types, arguments) as Hangfire's
/// <see cref="InvocationData.SerializeJob"/> does, byte for byte, without a Json.NET serializer per argument: a job
/// whose arguments are all strings, integers, nulls or cancellation tokens (an occurrence's job) has them written
/// directly (<see cref="HangfireJson"/>). Hangfire's way was a quarter of what Beat allocated per fire.
/// </summary>
/// <remarks>
/// The direct form is used only while it provably agrees with Hangfire's: <see cref="HangfireJson.Agrees"/>, and
/// each job method's first job compared with Hangfire's own result. Any other job goes through Hangfire.
/// </remarks>
internal sealed class InvocationSerializer
{
    private readonly ConcurrentDictionary<(Type, MethodInfo), Shape?> _shapes = new();

    /// <summary>The job's invocation data, as <see cref="InvocationData.SerializeJob"/> gives it.</summary>
    public InvocationData Serialize(Job job)
    {
        if (!HangfireJson.Agrees || DirectArguments(job) is not { } arguments) return InvocationData.SerializeJob(job);
        // The type names depend on Hangfire's type serializer, which its configuration may replace.
        if (_shapes.TryGetValue((job.Type, job.Method), out var shape) && (shape is null || shape.TypeSerializer == TypeHelper.CurrentTypeSerializer))
            return shape is null ? InvocationData.SerializeJob(job) : new InvocationData(shape.Type, shape.Method, shape.ParameterTypes, arguments, job.Queue);

        var typeSerializer = TypeHelper.CurrentTypeSerializer;
        var hangfire = InvocationData.SerializeJob(job);
        _shapes[(job.Type, job.Method)] = hangfire.Arguments == arguments ? new Shape(typeSerializer, hangfire.Type, hangfire.Method, hangfire.ParameterTypes) : null;
        return hangfire;
    }

    // Hangfire stores each argument as its own JSON text (a cancellation token as null), then the array of those texts.
    private static string? DirectArguments(Job job)
    {
        if (job.Args.Count == 0) return "[]";
        var items = new (string? Text, bool Quoted)[job.Args.Count];
        for (var i = 0; i < items.Length; i++)
        {
            switch (job.Args[i])
            {
                case null or CancellationToken: items[i] = (null, false); break;
                case string s: items[i] = (s, true); break;
                case long l: items[i] = (l.ToString(CultureInfo.InvariantCulture), false); break;
                case int n: items[i] = (n.ToString(CultureInfo.InvariantCulture), false); break;
                default: return null;
            }
        }
        return HangfireJson.ArrayOfTexts(items);
    }

    private sealed record Shape(Func<Type, string> TypeSerializer, string Type, string Method, string ParameterTypes);
}
