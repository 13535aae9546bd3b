using Hangfire.Common;
using Hangfire.Storage;
using StackExchange.Redis;

namespace Scheduler.Runtime.Redis;

/// <summary>
/// A job hash read whole, turned into Hangfire's <see cref="JobData"/> as Hangfire.Redis.StackExchange 1.12's
/// <c>RedisConnection.GetJobData</c> does (a package upgrade must re-check it): the invocation fields, the state's
/// name and the creation time; a job whose type or method no longer loads carries the load error instead.
/// </summary>
internal static class StoredJob
{
    /// <summary>The job in <paramref name="fields"/>, or null when there are none (no such job).</summary>
    public static JobData? Read(HashEntry[] fields)
    {
        if (fields.Length == 0) return null;
        string? queue = null, type = null, method = null, parameterTypes = null, arguments = null, createdAt = null, state = null;
        foreach (var field in fields)
        {
            switch ((string?)field.Name)
            {
                case "Queue": queue = field.Value; break;
                case "Type": type = field.Value; break;
                case "Method": method = field.Value; break;
                case "ParameterTypes": parameterTypes = field.Value; break;
                case "Arguments": arguments = field.Value; break;
                case "CreatedAt": createdAt = field.Value; break;
                case "State": state = field.Value; break;
            }
        }

        Job? job = null;
        JobLoadException? loadException = null;
        try
        {
            job = InvocationDecoder.Decode(new InvocationData(type, method, parameterTypes, arguments, queue));
        }
        catch (JobLoadException e)
        {
            loadException = e;
        }

        return new JobData
        {
            Job = job,
            State = state,
            CreatedAt = JobHelper.DeserializeNullableDateTime(createdAt) ?? DateTime.MinValue,
            LoadException = loadException,
        };
    }
}
