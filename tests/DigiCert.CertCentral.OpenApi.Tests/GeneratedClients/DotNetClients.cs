using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading.Tasks;
using DigiCert.CertCentral.Serialization;
using DigiCert.CertCentral.Tests;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using KiotaClient = DigiCert.CertCentral.OtherClients.Kiota.CertCentralKiotaClient;
using KiotaErrorResponse = DigiCert.CertCentral.OtherClients.Kiota.Models.ErrorResponse;
using NSwagClient = DigiCert.CertCentral.OtherClients.NSwag.Client;

namespace DigiCert.CertCentral.OpenApi.Tests.GeneratedClients
{
    /// <summary>
    /// The .NET clients, in process: this repository's client (what every other client is compared
    /// with), NSwag's as generated, NSwag's with the fix openapi/README.md advises, and Kiota's. Each
    /// makes every recorded call against the sandbox at <c>baseUri</c>.
    /// </summary>
    internal static class DotNetClients
    {
        public const string Ours = "DigiCert.CertCentral (this repository)";
        public const string NSwagAsGenerated = "NSwag C# (default settings)";
        public const string NSwagWithFix = "NSwag C# (default settings + OpenValueSets.cs)";
        public const string Kiota = "Kiota C#";

        // Recordings match the key on presence only.
        private const string ApiKey = "OTHER-CLIENTS-PLACEHOLDER-KEY";

        public static async Task<Dictionary<string, Dictionary<string, JObject>>> RunAsync(Uri baseUri, IReadOnlyList<RecordedCall> calls)
        {
            // The generated clients take an HttpClient; the key goes in as a default header, as a
            // team's test would set it (Kiota's API-key provider refuses http://).
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-DC-DEVKEY", ApiKey);
            // One exchange per recording, as every other client makes, and no pacing.
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = baseUri, MaxRetries = 0, AttemptTimeout = http.Timeout, OverallTimeout = http.Timeout };
            options.RateLimits.Clear();
            using var ours = new CertCentralClient(options);
            var nswag = new NSwagClient(http) { BaseUrl = baseUri.ToString() };
            var nswagAsGenerated = AsGenerated(new NSwagClient(http) { BaseUrl = baseUri.ToString() });
            var kiota = new KiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUri.ToString().TrimEnd('/') });

            var clients = new (string Name, Func<RecordedCall, Task<JObject>> Call)[]
            {
                (Ours, call => CallOursAsync(ours, call)),
                (NSwagAsGenerated, call => CallNSwagAsync(nswagAsGenerated, call)),
                (NSwagWithFix, call => CallNSwagAsync(nswag, call)),
                (Kiota, call => CallKiotaAsync(kiota, call)),
            };
            var runs = clients.SelectMany(c => calls.Select(async call => (c.Name, call.Recording, Outcome: await c.Call(call)))).ToList();
            var results = new Dictionary<string, Dictionary<string, JObject>>();
            foreach (var (name, recording, outcome) in await Task.WhenAll(runs))
            {
                if (!results.TryGetValue(name, out var byRecording)) results[name] = byRecording = new Dictionary<string, JObject>();
                byRecording[recording] = outcome;
            }

            return results;
        }

        private static async Task<JObject> CallOursAsync(CertCentralClient client, RecordedCall call)
        {
            try
            {
                var model = await OperationMethod.InvokeAsync(client, call.OperationId, call.Scenario.Parameters);
                return Outcome.Read(Parse(CertCentralJson.Serialize(model!)));
            }
            catch (CertCentralException e)
            {
                return Outcome.Failed(e.Status, e.Errors.Select(error => Parse(CertCentralJson.Serialize(error))), e.Message);
            }
        }

        // What the generated client's settings hold with OpenValueSets.cs: models are written back with them.
        private static readonly JsonSerializerSettings NSwagSettings = new JsonSerializerSettings { Converters = { new OtherClients.NSwag.OpenValueConverter() } };

        private static async Task<JObject> CallNSwagAsync(NSwagClient client, RecordedCall call)
        {
            try
            {
                var model = await OperationMethod.InvokeAsync(client, call.OperationId, call.Scenario.Parameters);
                return Outcome.Read(Parse(JsonConvert.SerializeObject(model, NSwagSettings)));
            }
            catch (OtherClients.NSwag.ApiException<OtherClients.NSwag.ErrorResponse> e)
            {
                return Outcome.Failed(e.StatusCode, e.Result.Errors.Select(error => Parse(JsonConvert.SerializeObject(error, NSwagSettings))), e.Message);
            }
            catch (OtherClients.NSwag.ApiException e)
            {
                return Outcome.Failed(e.StatusCode, null, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Outcome.NoResponse(e);
            }
        }

        private static async Task<JObject> CallKiotaAsync(KiotaClient client, RecordedCall call)
        {
            try
            {
                var model = await KiotaCall.GetAsync(client, call.Scenario);
                return Outcome.Read(model is null ? JValue.CreateNull() : Parse(await KiotaJsonSerializer.SerializeAsStringAsync(model)));
            }
            catch (KiotaErrorResponse e)
            {
                var errors = new List<JToken>();
                foreach (var error in e.Errors ?? new List<OtherClients.Kiota.Models.ErrorDetail>()) errors.Add(Parse(await KiotaJsonSerializer.SerializeAsStringAsync(error)));
                return Outcome.Failed(e.ResponseStatusCode, errors, e.Message);
            }
            catch (ApiException e)
            {
                return Outcome.Failed(e.ResponseStatusCode, null, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Outcome.NoResponse(e);
            }
        }

        /// <summary>
        /// The same generated client with the serializer settings NSwag generates (new settings, no
        /// converters): what the client reads without OpenValueSets.cs. The fix registers its converter
        /// in the static settings through UpdateJsonSerializerSettings; NSwag's per-instance field
        /// _instanceSettings takes precedence over them.
        /// </summary>
        private static NSwagClient AsGenerated(NSwagClient client)
        {
            var field = typeof(NSwagClient).GetField("_instanceSettings", BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException("NSwag's generated client has no _instanceSettings field any more: find another way to run it without OpenValueSets.cs");
            field.SetValue(client, new JsonSerializerSettings());
            return client;
        }

        private static JToken Parse(string json) => DigiCert.CertCentral.Tests.JsonAssert.Parse(json);
    }

    /// <summary>
    /// A recorded call through Kiota C#'s request builders, found from the path template: a
    /// segment is the property of its name (order -> Order), a {parameter} the indexer taking its
    /// value; then GetAsync with each query parameter set on the property whose
    /// [QueryParameter] names it. A segment, indexer or query parameter Kiota has not generated fails.
    /// </summary>
    internal static class KiotaCall
    {
        public static async Task<IParsable?> GetAsync(KiotaClient client, Sandbox.Scenario call)
        {
            object builder = client;
            foreach (var segment in call.Operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var type = builder.GetType();
                if (segment.StartsWith('{') && segment.EndsWith('}'))
                {
                    var value = call.Parameters.Single(p => "{" + p.Name + "}" == segment).Value;
                    var indexer = type.GetProperties().Where(p => p.GetIndexParameters().Length == 1)
                        .OrderBy(p => p.GetIndexParameters()[0].ParameterType == typeof(string) ? 1 : 0) // Kiota's string indexer is the obsolete one
                        .FirstOrDefault() ?? throw new InvalidOperationException($"Kiota C#: {type.Name} has no indexer for {segment} ({call.OperationId})");
                    builder = indexer.GetValue(builder, new[] { value.ToObject(indexer.GetIndexParameters()[0].ParameterType) })!;
                }
                else
                {
                    var property = type.GetProperties().SingleOrDefault(p => p.GetIndexParameters().Length == 0 && OperationMethod.Flat(p.Name) == OperationMethod.Flat(segment))
                        ?? throw new InvalidOperationException($"Kiota C#: {type.Name} has no request builder for the segment {segment} ({call.OperationId})");
                    builder = property.GetValue(builder)!;
                }
            }

            var get = builder.GetType().GetMethods().Single(m => m.Name == "GetAsync");
            var configuration = get.GetParameters()[0].ParameterType.GetGenericArguments()[0]; // Action<RequestConfiguration<TQuery>>
            var query = call.Parameters.Where(p => call.Operation.Parameter(p.Name).In == "query").ToList();
            var configure = typeof(KiotaCall).GetMethod(nameof(Configure), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(configuration.GetGenericArguments()[0])
                .Invoke(null, new object[] { query });
            var task = (Task)get.Invoke(builder, new[] { configure, default(System.Threading.CancellationToken) })!;
            await task;
            return (IParsable?)task.GetType().GetProperty("Result")!.GetValue(task);
        }

        private static Action<RequestConfiguration<T>> Configure<T>(List<(string Name, JToken Value)> query)
            where T : class, new() => configuration =>
        {
            foreach (var (name, value) in query)
            {
                var property = typeof(T).GetProperties().SingleOrDefault(p => Uri.UnescapeDataString(p.GetCustomAttribute<QueryParameterAttribute>()?.TemplateName ?? char.ToLowerInvariant(p.Name[0]) + p.Name.Substring(1)) == name)
                    ?? throw new InvalidOperationException($"Kiota C#: {typeof(T).Name} has no query parameter {name}");
                property.SetValue(configuration.QueryParameters, value.ToObject(property.PropertyType));
            }
        };
    }
}
