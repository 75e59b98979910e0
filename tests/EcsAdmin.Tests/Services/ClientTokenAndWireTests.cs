using System;
using System.Text.Json;
using EcsAdmin.Commands.Service;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    public class ClientTokenAndWireTests
    {
        [Fact]
        public void Client_token_is_fixed_per_invocation_and_item_and_fits_the_api_limit()
        {
            var invocation = Guid.NewGuid();
            var a = NewEcsFargateServiceCommand.ClientTokenFor(invocation, "prod", "web");
            Assert.Equal(a, NewEcsFargateServiceCommand.ClientTokenFor(invocation, "prod", "web"));
            Assert.NotEqual(a, NewEcsFargateServiceCommand.ClientTokenFor(invocation, "prod", "api"));
            Assert.NotEqual(a, NewEcsFargateServiceCommand.ClientTokenFor(Guid.NewGuid(), "prod", "web"));
            Assert.Matches("^[0-9a-f]{32}$", a); // clientToken: up to 36 ASCII characters
        }

        [Fact]
        public void Wire_reads_a_string_member_sent_as_a_number()
        {
            var json = "{\"name\":\"web\",\"cpu\":0,\"memory\":512,\"exitCode\":1,\"reason\":null}";
            var c = JsonSerializer.Deserialize<Ecs.Container>(json, EcsAdmin.Engine.Aws.Client.WireClient.Json)!;
            Assert.Equal("0", c.Cpu);
            Assert.Equal("512", c.Memory);
            Assert.Equal(1, c.ExitCode);
            Assert.Null(c.Reason);
            Assert.Equal("{\"cpu\":\"0\"}", JsonSerializer.Serialize(new Ecs.Container { Cpu = "0" }, EcsAdmin.Engine.Aws.Client.WireClient.Json));
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Ecs.Container>("{\"cpu\":{}}", EcsAdmin.Engine.Aws.Client.WireClient.Json));
        }
    }
}
