using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Scheduler.Contracts.MethodCalls;

/// <summary>
/// Rewrites a lambda for quoting in an error message: a captured local is a field of a compiler-generated closure, which
/// <see cref="Expression.ToString()"/> prints as <c>value(Program+&lt;&gt;c__DisplayClass0_1).order</c>; the caller wrote
/// <c>order</c>, so it is shown by its name.
/// </summary>
internal sealed class CapturedNames : ExpressionVisitor
{
    private static readonly CapturedNames Instance = new();

    public static string Show(Expression expression) => Instance.Visit(expression).ToString();

    protected override Expression VisitMember(MemberExpression node) =>
        node.Expression is ConstantExpression { Value: { } closure } && closure.GetType().IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
            ? Expression.Parameter(node.Type, node.Member.Name)
            : base.VisitMember(node);
}
