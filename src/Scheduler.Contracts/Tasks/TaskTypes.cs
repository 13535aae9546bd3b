using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// The known task types. Built-in types are registered already; an application adds its own with
/// <see cref="Register{TTask}"/> in both the process that schedules and the worker that runs them.
/// </summary>
public static class TaskTypes
{
    private static readonly ConcurrentDictionary<string, Type> ByName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<Type, string> ByType = new();
    private static volatile JsonSerializerOptions? _options;

    static TaskTypes()
    {
        foreach (var type in typeof(TaskDefinition).Assembly.GetTypes().Where(IsTaskType)) Add(type);
    }

    /// <summary>Makes <typeparamref name="TTask"/> known under the name in its <see cref="TaskTypeAttribute"/>.</summary>
    public static void Register<TTask>() where TTask : TaskDefinition => Add(typeof(TTask));

    /// <summary>Every registered type name, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The type registered under <paramref name="name"/>, if any.</summary>
    public static Type? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The registered name of <paramref name="type"/>.</summary>
    public static string NameOf(Type type) =>
        ByType.TryGetValue(type, out var name) ? name
        : type.GetCustomAttribute<TaskTypeAttribute>()?.Name ?? throw new InvalidOperationException($"{type.Name} has no [TaskType] attribute");

    /// <summary>JSON options that read and write any registered task type with its <c>"type"</c> discriminator.</summary>
    public static JsonSerializerOptions JsonOptions => _options ??= CreateOptions();

    private static volatile Tuple<JsonSerializerOptions, JsonSerializerOptions>? _wireOptions;

    /// <summary>
    /// <see cref="JsonOptions"/> with instants in the form the REST API writes them
    /// (<see cref="Client.WireTimestampJsonConverter"/>), for JSON stored to be shown as it is (audit entries' values).
    /// </summary>
    internal static JsonSerializerOptions WireJsonOptions
    {
        get
        {
            var source = JsonOptions;
            if (_wireOptions is { } made && ReferenceEquals(made.Item1, source)) return made.Item2;
            var wire = new JsonSerializerOptions(source) { Converters = { new Client.WireTimestampJsonConverter() } };
            wire.MakeReadOnly();
            _wireOptions = Tuple.Create(source, wire);
            return wire;
        }
    }

    private static bool IsTaskType(Type type) =>
        !type.IsAbstract && typeof(TaskDefinition).IsAssignableFrom(type) && type.GetCustomAttribute<TaskTypeAttribute>() is not null;

    private static void Add(Type type)
    {
        var name = type.GetCustomAttribute<TaskTypeAttribute>()?.Name
            ?? throw new InvalidOperationException($"{type.Name} needs a [TaskType(\"name\")] attribute to be registered");
        if (ByName.TryGetValue(name, out var existing) && existing != type)
            throw new InvalidOperationException($"task type name \"{name}\" is used by both {existing.FullName} and {type.FullName}");
        ByName[name] = type;
        ByType[type] = name;
        _options = null;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        var snapshot = ByName.ToArray();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(TaskDefinition)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "type",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            };
            foreach (var (name, type) in snapshot) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
        });
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = resolver,
            AllowOutOfOrderMetadataProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 32,
        };
        // Before the enum factory, which would otherwise claim ScheduleStatus: a status may be read as "pending".
        options.Converters.Add(new Schedules.ScheduleStatusJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new DurationJsonConverter());
        options.MakeReadOnly();
        return options;
    }
}
