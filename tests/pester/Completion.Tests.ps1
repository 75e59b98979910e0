# Tab completion against moto through the built module: TabExpansion2 as the console calls it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Moto.Url
    Import-EcsAdminUnderTest
    'tab-alpha', 'tab-beta', 'other' | New-EcsCluster | Out-Null
    Register-EcsTaskDefinition -Family tabweb -Image nginx -ContainerName frontdoor | Out-Null
    # Two services in tab-alpha, created with a raw ECS call (EC2 launch type needs no network fixture in moto).
    foreach ($name in 'api', 'app') {
        $body = @{ cluster = 'tab-alpha'; serviceName = $name; taskDefinition = 'tabweb'; desiredCount = 0; launchType = 'EC2' } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Body $body -ContentType 'application/x-amz-json-1.1' -Headers @{
            'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.CreateService'
            Authorization  = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00'
        }
    }
}

AfterAll {
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-MotoServer -Server $script:Moto
}

Describe 'Argument completers' {
    It 'completes cluster names from the endpoint' {
        $line = 'Get-EcsCluster -Name tab-'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('tab-alpha', 'tab-beta')
    }

    It 'completes a cluster for Remove-EcsCluster by position' {
        $line = 'Remove-EcsCluster oth'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('other')
    }

    It 'completes task definition families' {
        $line = 'Get-EcsTaskDefinition -Family tabw'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('tabweb')
    }

    It 'completes capacity providers, including the Fargate ones' {
        $line = 'New-EcsCluster -Name x -CapacityProvider FARGATE_'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'FARGATE_SPOT'
    }

    It 'completes service names of the cluster already typed, for every cmdlet that takes -Service' -ForEach @(
        @{ Line = 'Get-EcsServiceHealth -Cluster tab-alpha -Service a' }
        @{ Line = 'Set-EcsScaling -Cluster tab-alpha -Service a' }
        @{ Line = 'Invoke-EcsExec -Cluster tab-alpha -Service a' }
    ) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('api', 'app')
    }

    It 'completes -Cluster on the scaling, health and exec cmdlets' -ForEach @(
        @{ Line = 'Get-EcsScaling -Cluster tab-' }
        @{ Line = 'Get-EcsServiceHealth -Cluster tab-' }
        @{ Line = 'Test-EcsExecReadiness -Cluster tab-' }
    ) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        $r.CompletionMatches.CompletionText | Should -Be @('tab-alpha', 'tab-beta')
    }

    It 'is silent (no error, no results) when the endpoint is unreachable' {
        $line = 'Get-EcsCluster -EndpointUrl http://127.0.0.1:9 -Name x'
        { $script:r = TabExpansion2 -inputScript $line -cursorColumn $line.Length } | Should -Not -Throw
        $script:r.CompletionMatches | Where-Object ResultType -eq 'ParameterValue' | Should -BeNullOrEmpty
    }
}
