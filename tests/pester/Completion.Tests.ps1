# Tab completion against moto through the built module (issue 7): TabExpansion2 as the console calls it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Moto.Url
    Import-EcsAdminUnderTest
    'tab-alpha', 'tab-beta', 'other' | New-EcsCluster | Out-Null
    Register-EcsTaskDefinition -Family tabweb -Image nginx -ContainerName frontdoor | Out-Null
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

    It 'is silent (no error, no results) when the endpoint is unreachable' {
        $line = 'Get-EcsCluster -EndpointUrl http://127.0.0.1:9 -Name x'
        { $script:r = TabExpansion2 -inputScript $line -cursorColumn $line.Length } | Should -Not -Throw
        $script:r.CompletionMatches | Where-Object ResultType -eq 'ParameterValue' | Should -BeNullOrEmpty
    }
}
