using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// Calls an operation of a generated .NET client (this repository's, NSwag's) by its operationId:
    /// the method &lt;OperationId&gt;Async (the overload with the most parameters), each parameter
    /// matched by name to one named as in the description (orderId and order_id,
    /// filtersStatus or filters_status and filters[status]: <see cref="Flat"/>). A parameter the call
    /// does not give takes its default. No such method, or a given parameter the method does not
    /// take, fails: never another operation, never a parameter dropped.
    /// </summary>
    internal static class OperationMethod
    {
        public static MethodInfo Find(Type client, string operationId)
        {
            var name = char.ToUpperInvariant(operationId[0]) + operationId.Substring(1) + "Async";
            return client.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == name)
                .OrderByDescending(m => m.GetParameters().Length)
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"{client.Name} has no method {name} for the operation {operationId}");
        }

        /// <summary>The model type the method returns (T of its Task&lt;T&gt;).</summary>
        public static Type ResultType(Type client, string operationId) => Find(client, operationId).ReturnType.GetGenericArguments().Single();

        public static async Task<object?> InvokeAsync(object client, string operationId, IEnumerable<(string Name, JToken Value)> parameters, CancellationToken cancellationToken = default)
        {
            var method = Find(client.GetType(), operationId);
            var given = parameters.ToList();
            var unmatched = given.Where(g => !method.GetParameters().Any(p => Flat(p.Name!) == Flat(g.Name))).Select(g => g.Name).ToList();
            if (unmatched.Count > 0) throw new InvalidOperationException($"{client.GetType().Name}.{method.Name} has no parameter for {string.Join(", ", unmatched)}");

            var arguments = method.GetParameters().Select(p =>
            {
                if (p.ParameterType == typeof(CancellationToken)) return cancellationToken;
                var value = given.Where(g => Flat(g.Name) == Flat(p.Name!)).Select(g => g.Value).FirstOrDefault();
                if (value != null) return value.ToObject(p.ParameterType);
                if (p.HasDefaultValue) return p.DefaultValue ?? (p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null);
                if (!p.ParameterType.IsValueType || Nullable.GetUnderlyingType(p.ParameterType) != null) return null;
                throw new InvalidOperationException($"{client.GetType().Name}.{method.Name}: the call gives no value for {p.Name}");
            }).ToArray();

            Task task;
            try
            {
                task = (Task)method.Invoke(client, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            await task.ConfigureAwait(false);
            return task.GetType().GetProperty("Result")!.GetValue(task);
        }

        /// <summary>A name without case or separators, as the generators' spellings of one parameter agree.</summary>
        public static string Flat(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }
}
