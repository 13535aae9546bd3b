using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Scheduler.Runtime.Hosting;

/// <summary>Validation whose message is the problem found, not one fixed sentence covering every case.</summary>
public static class OptionsProblems
{
    /// <summary>Fails start-up with what <paramref name="problem"/> returns for the bound options; null passes.</summary>
    public static OptionsBuilder<TOptions> ValidateProblem<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, string?> problem)
        where TOptions : class =>
        builder.ValidateProblems(options => problem(options) is { } found ? [found] : []);

    /// <summary>As <see cref="ValidateProblem{TOptions}"/>, with a service the check needs (another options class).</summary>
    public static OptionsBuilder<TOptions> ValidateProblem<TOptions, TDependency>(this OptionsBuilder<TOptions> builder,
        Func<TOptions, TDependency, string?> problem) where TOptions : class where TDependency : notnull
    {
        var name = builder.Name;
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(services => new Validator<TOptions>(name,
            options => problem(options, services.GetRequiredService<TDependency>()) is { } found ? [found] : []));
        return builder;
    }

    /// <summary>As <see cref="ValidateProblem{TOptions}"/>, with two services the check needs.</summary>
    public static OptionsBuilder<TOptions> ValidateProblem<TOptions, TDependency1, TDependency2>(this OptionsBuilder<TOptions> builder,
        Func<TOptions, TDependency1, TDependency2, string?> problem) where TOptions : class where TDependency1 : notnull where TDependency2 : notnull =>
        builder.ValidateProblem<TOptions, IServiceProvider>((options, services) =>
            problem(options, services.GetRequiredService<TDependency1>(), services.GetRequiredService<TDependency2>()));

    /// <summary>Fails start-up with every problem <paramref name="problems"/> lists for the bound options; none passes.</summary>
    public static OptionsBuilder<TOptions> ValidateProblems<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(builder.Name, problems));
        return builder;
    }

    private sealed class Validator<TOptions>(string? name, Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (name is not null && optionsName != name) return ValidateOptionsResult.Skip;
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
