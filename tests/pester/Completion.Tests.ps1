# Tab completion against moto through the built module: TabExpansion2 as the console calls it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
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
    Stop-EcsAdminTestBackend -Backend $script:Backend
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

    Context 'names of every kind' {
        BeforeAll {
            function New-LogGroup([string] $Name) {
                $headers = @{ 'X-Amz-Target' = 'Logs_20140328.CreateLogGroup'; Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00' }
                $null = Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Body (@{ logGroupName = $Name } | ConvertTo-Json) -ContentType 'application/x-amz-json-1.1' -Headers $headers
            }
            $net = New-MotoFargateNetwork -MotoUrl $script:Moto.Url -Name tab
            $td = @{
                family = 'tabrun'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
                containerDefinitions = @(@{ name = 'app'; image = 'nginx'; essential = $true; memory = 256 }, @{ name = 'proxy'; image = 'envoy'; essential = $false; memory = 256 })
            } | Register-EcsTaskDefinition
            Register-EcsTaskDefinition -Family tabrun -Image nginx:2 -ContainerName app | Out-Null
            $script:Tasks = @(Start-EcsTask -Cluster tab-beta -TaskDefinition $td.TaskDefinitionArn -Count 2 @net)
            New-LogGroup /ecs/tabweb
            New-LogGroup /ecs/tabrun
            New-EcsServiceAlarm -Cluster tab-alpha -Service api -Metric Cpu -Threshold 90 -Confirm:$false | Out-Null
        }

        It 'completes <Line>' -ForEach @(
            @{ Line = 'Get-EcsService -Cluster tab-alpha -Name a'; Expected = @('api', 'app') }
            @{ Line = 'Get-EcsService -Cluster tab-alpha a'; Expected = @('api', 'app') }
            @{ Line = 'Update-EcsService -Cluster tab-alpha -Name ap'; Expected = @('api', 'app') }
            @{ Line = 'Remove-EcsService -Cluster tab-alpha a'; Expected = @('api', 'app') }
            @{ Line = 'Get-EcsTask -Cluster tab-alpha -Service a'; Expected = @('api', 'app') }
            @{ Line = 'Start-EcsTask -TaskDefinition tab'; Expected = @('tabrun', 'tabweb') }
            @{ Line = 'Update-EcsService -Cluster tab-alpha -Name api -TaskDefinition tabrun:'; Expected = @('tabrun:1', 'tabrun:2') }
            @{ Line = 'Get-EcsTaskDefinition tabrun:'; Expected = @('tabrun:1', 'tabrun:2') }
            @{ Line = 'Register-EcsTaskDefinition -Family x -Image nginx -LogGroup /ecs/tab'; Expected = @('/ecs/tabrun', '/ecs/tabweb') }
            @{ Line = 'Remove-EcsServiceAlarm -Name '; Expected = 'ALARMS' }
            @{ Line = 'Stop-EcsTask -Cluster tab-beta -Task '; Expected = 'TASKS' }
            @{ Line = 'Get-EcsLog -Cluster tab-beta -TaskId '; Expected = 'TASKS' }
            @{ Line = 'Get-EcsLog -Cluster tab-beta -TaskId TASK0 -Container '; Expected = 'CONTAINERS' }
            @{ Line = 'Invoke-EcsExec -Cluster tab-beta -Task TASK0 -Container '; Expected = 'CONTAINERS' }
        ) {
            $alarms = @(Get-EcsServiceAlarm -Cluster tab-alpha -Service api).AlarmName
            $alarms | Should -Not -BeNullOrEmpty
            $want = if ($Expected -eq 'ALARMS') { $alarms } elseif ($Expected -eq 'TASKS') { $script:Tasks.TaskId }
                elseif ($Expected -eq 'CONTAINERS') { (Get-EcsTask -Cluster tab-beta -Task $script:Tasks[0].TaskId).Containers.Name } else { $Expected }
            $want | Should -Not -BeNullOrEmpty
            $line = $Line.Replace('TASK0', $script:Tasks[0].TaskId)
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($r.CompletionMatches.CompletionText) | Sort-Object | Should -Be @($want | Sort-Object)
        }

        It 'asks AWS once for the same names typed again within the cache time' {
            $script:Proxy.Clear()
            foreach ($i in 1..3) {
                $line = 'Get-EcsService -Cluster tab-beta -Name '
                $null = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            }
            $script:Proxy.Count('ListServices') | Should -Be 1
        }
    }
}
