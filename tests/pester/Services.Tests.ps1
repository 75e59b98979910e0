# Fargate services, deployments and tasks through the built module, against a real moto_server.
# moto does not roll deployments: with MOTO_ECS_SERVICE_RUNNING set, a new service's only deployment is COMPLETED
# at once. The outcome logic (rollback, failure, timeout) is covered by xUnit with scripted replies.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend -MotoSetting @{ MOTO_ECS_SERVICE_RUNNING = '2' }
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function Invoke-Ec2 {
        param([hashtable] $Body)
        $Body.Version = '2016-11-15'
        $headers = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00' }
        [xml] $xml = (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Body $Body -Headers $headers -ContentType 'application/x-www-form-urlencoded').Content
        $xml
    }

    function New-Fixture {
        $vpc = (Invoke-Ec2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }).CreateVpcResponse.vpc.vpcId
        # moto names a task's network interface only in a VPC with DNS host names (RunTask fails otherwise).
        $null = Invoke-Ec2 @{ Action = 'ModifyVpcAttribute'; VpcId = $vpc; 'EnableDnsHostnames.Value' = 'true' }
        $subnet = (Invoke-Ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }).CreateSubnetResponse.subnet.subnetId
        $sg = (Invoke-Ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'web'; GroupDescription = 'web' }).CreateSecurityGroupResponse.groupId
        New-EcsCluster -Name svc | Out-Null
        $td = @{
            family = 'web'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.27'; essential = $true; memory = 512; portMappings = @(@{ containerPort = 8080; name = 'http' }) })
        } | Register-EcsTaskDefinition
        [pscustomobject]@{ Subnet = $subnet; SecurityGroup = $sg; TaskDefinition = $td }
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Fargate services' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-Fixture
        $script:Proxy.Clear()
    }

    It 'creates a service from a piped task definition with circuit breaker rollback and a client token' {
        $svc = $Fx.TaskDefinition | New-EcsFargateService -Cluster svc -Name web -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -Tag @{ team = 'a' }
        $svc | Should -BeOfType ([EcsAdmin.Models.EcsService])
        $svc.Service | Should -Be 'web'
        $svc.Cluster | Should -Be 'svc'
        $svc.Region | Should -Be 'us-east-1'
        $svc.DesiredCount | Should -Be 2
        $svc.TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        $svc.NetworkConfiguration.Subnets | Should -Be @($Fx.Subnet)
        $svc.Deployments[0].Status | Should -Be 'PRIMARY'
        $req = (Get-RecordedRequest -Proxy $script:Proxy -Operation CreateService)[0].Body | ConvertFrom-Json
        $req.clientToken | Should -Match '^[0-9a-f]{32}$'
        $req.launchType | Should -Be 'FARGATE'
        $req.deploymentConfiguration.deploymentCircuitBreaker.enable | Should -BeTrue
        $req.deploymentConfiguration.deploymentCircuitBreaker.rollback | Should -BeTrue
        $script:Proxy.Count('DescribeTaskDefinition') | Should -Be 1
    }

    It 'sends the same client token when CreateService is retried, and creates one service' {
        Add-ProxyFault -Proxy $script:Proxy -Operation CreateService -StatusCode 500 -ErrorCode InternalFailure -Count 1
        $svc = New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup
        $svc.Service | Should -Be 'web'
        $sent = @(Get-RecordedRequest -Proxy $script:Proxy -Operation CreateService)
        $sent.Count | Should -Be 2
        $tokens = @($sent | ForEach-Object { ($_.Body | ConvertFrom-Json).clientToken } | Select-Object -Unique)
        $tokens.Count | Should -Be 1
        @(Get-EcsService -Cluster svc).Count | Should -Be 1
        Clear-ProxyFault -Proxy $script:Proxy
    }

    It 'waits for the deployment moto reports COMPLETED and returns Succeeded' {
        $out = New-EcsFargateService -Cluster svc -Name web -TaskDefinition web:1 -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -Wait -TimeoutSec 60
        # One object per service: the result, carrying the service.
        @($out).Count | Should -Be 1
        $result = $out
        $result | Should -BeOfType ([EcsAdmin.Models.EcsDeploymentResult])
        $result.Outcome | Should -Be 'Succeeded'
        $result.ServiceDetail | Should -BeOfType ([EcsAdmin.Models.EcsService])
        $result.ServiceDetail.Service | Should -Be 'web'
        $result.DeploymentId | Should -Be $result.ServiceDetail.Deployments[0].Id
        $result.TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        (Wait-EcsService -Cluster svc -Name web -TimeoutSec 30).Outcome | Should -Be 'Succeeded'
    }

    It 'follows the new deployment started by Update-EcsService -ForceNewDeployment -Wait, and pipes a result into Wait-EcsService' {
        $created = New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup
        $out = Update-EcsService -Cluster svc -Name web -ForceNewDeployment -Wait -TimeoutSec 60
        @($out).Count | Should -Be 1
        $result = $out
        $result | Should -BeOfType ([EcsAdmin.Models.EcsDeploymentResult])
        $result.Outcome | Should -Be 'Succeeded'
        $result.DeploymentId | Should -Not -Be $created.Deployments[0].Id
        $result.DeploymentId | Should -Be ($result.ServiceDetail.Deployments | Where-Object Status -eq 'PRIMARY').Id
        ($result | Wait-EcsService -TimeoutSec 30).DeploymentId | Should -Be $result.DeploymentId
        Wait-EcsService -Cluster svc -Name web -DeploymentId 'ecs-svc/0000' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentNotFound,*'
    }

    It 'reports a deployment that times out as an error: $? is false and -ErrorAction Stop halts' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -DesiredCount 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        # moto completes deployments at once: script a deployment that stays IN_PROGRESS.
        $svcArn = 'arn:aws:ecs:us-east-1:123456789012:service/svc/web'
        $reply = @{ failures = @(); services = @(@{
            serviceName = 'web'; serviceArn = $svcArn; clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/svc'; status = 'ACTIVE'
            desiredCount = 2; runningCount = 1; pendingCount = 1; taskDefinition = $Fx.TaskDefinition.TaskDefinitionArn
            deployments = @(@{ id = 'ecs-svc/1234'; status = 'PRIMARY'; taskDefinition = $Fx.TaskDefinition.TaskDefinitionArn; desiredCount = 2; runningCount = 1; pendingCount = 1; rolloutState = 'IN_PROGRESS' })
            events = @() }) }
        $script:Proxy.AddReply('DescribeServices', ($reply | ConvertTo-Json -Depth 20 -Compress), -1)
        try {
            $r = Wait-EcsService -Cluster svc -Name web -DeploymentId 'ecs-svc/1234' -TimeoutSec 1 -ErrorVariable errs -ErrorAction SilentlyContinue
            $ok = $?
            $ok | Should -BeFalse
            $r.Outcome | Should -Be 'TimedOut'
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'DeploymentTimedOut,*'
            $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errs[0].TargetObject.DeploymentId | Should -Be 'ecs-svc/1234'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Wait-EcsService*-DeploymentId ecs-svc/1234*'
            $halted = $true
            Wait-EcsService -Cluster svc -Name web -DeploymentId 'ecs-svc/1234' -TimeoutSec 1 -ErrorAction Stop | Out-Null
            $halted = $false
        } catch {
            $_.FullyQualifiedErrorId | Should -BeLike 'DeploymentTimedOut,*'
        } finally {
            $script:Proxy.ClearFaults()
        }
        $halted | Should -BeTrue
    }

    It 'Get-EcsServiceEvent: newest first, -Since, -Last, piped services, and a view' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        # moto keeps no service events: script them as DescribeServices returns them (newest first).
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $events = @(
            @{ id = 'e3'; createdAt = $now - 60; message = '(service web) has reached a steady state.' }
            @{ id = 'e2'; createdAt = $now - 600; message = '(service web) was unable to place a task because no container instance met all of its requirements.' }
            @{ id = 'e1'; createdAt = $now - 7200; message = '(service web) has started 1 tasks: (task 0123).' })
        $svc = @{ serviceName = 'web'; serviceArn = 'arn:aws:ecs:us-east-1:123456789012:service/svc/web'; clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/svc'
            status = 'ACTIVE'; desiredCount = 1; runningCount = 1; pendingCount = 0; launchType = 'FARGATE'; events = $events; deployments = @() }
        $script:Proxy.AddReply('DescribeServices', (@{ services = @($svc); failures = @() } | ConvertTo-Json -Depth 10 -Compress), -1)
        try {
            $all = Get-EcsServiceEvent -Cluster svc -Service web
            $all.Id | Should -Be @('e3', 'e2', 'e1')
            $all[0] | Should -BeOfType ([EcsAdmin.Models.EcsServiceEvent])
            $all[0].Service | Should -Be 'web'
            $all[0].Cluster | Should -Be 'svc'
            (Get-EcsServiceEvent -Cluster svc web -Since (Get-Date).AddHours(-1)).Id | Should -Be @('e3', 'e2')
            (Get-EcsServiceEvent -Cluster svc web -Last 1).Id | Should -Be 'e3'
            (Get-EcsService -Cluster svc | Get-EcsServiceEvent -Last 2).Id | Should -Be @('e3', 'e2')
            $text = Get-EcsServiceEvent -Cluster svc web -Last 2 | Out-String -Width 200
            $text | Should -Match 'Service: web \(cluster svc\)'
            $text | Should -Match 'CreatedAt\s+Message'
            $text | Should -Match 'unable to place a task'
        } finally {
            $script:Proxy.ClearFaults()
        }
        Get-EcsServiceEvent -Cluster svc -Service nope -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
    }

    It 'rejects missing subnets and a non-Fargate task definition with typed errors and sends no CreateService' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web:1 -SecurityGroup $Fx.SecurityGroup -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'SubnetRequired,*'
        $e1[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $ec2 = @{ family = 'old'; networkMode = 'bridge'; requiresCompatibilities = @('EC2'); containerDefinitions = @(@{ name = 'o'; image = 'busybox'; memory = 128 }) } | Register-EcsTaskDefinition -ErrorAction SilentlyContinue
        if (-not $ec2) {
            # Register-EcsTaskDefinition insists on Fargate: register the EC2 definition through the wire instead.
            $body = '{"family":"old","networkMode":"bridge","requiresCompatibilities":["EC2"],"containerDefinitions":[{"name":"o","image":"busybox","memory":128}]}'
            $null = Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Body $body -ContentType 'application/x-amz-json-1.1' -Headers @{
                'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition'
                Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00'
            }
        }
        { New-EcsFargateService -Cluster svc -Name old -TaskDefinition old -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -ErrorAction Stop } |
            Should -Throw -ErrorId 'TaskDefinitionNotFargate*'
        New-EcsFargateService -Cluster svc -Name lb -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -ErrorVariable e3 -ErrorAction SilentlyContinue `
            -LoadBalancer @{ TargetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1'; ContainerName = 'web'; ContainerPort = 9999 }
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'PortNotInTaskDefinition*'
        $script:Proxy.Count('CreateService') | Should -Be 0
    }

    It 'gets services by cluster, across clusters and by wildcard, and reports missing names' {
        foreach ($n in 'api-1', 'api-2', 'web') {
            New-EcsFargateService -Cluster svc -Name $n -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        }
        (Get-EcsService -Cluster svc).Service | Sort-Object | Should -Be @('api-1', 'api-2', 'web')
        (Get-EcsService 'API*').Service | Sort-Object | Should -Be @('api-1', 'api-2')
        (Get-EcsCluster svc | Get-EcsService web).Service | Should -Be 'web'
        # A piped cluster asks for all its services (not for a service named like the cluster), in one read.
        $script:Proxy.Clear()
        (Get-EcsCluster svc | Get-EcsService -ErrorAction Stop).Service | Sort-Object | Should -Be @('api-1', 'api-2', 'web')
        $script:Proxy.Count('ListServices') | Should -Be 1
        $script:Proxy.Count('DescribeServices') | Should -Be 1
        $found = Get-EcsService -Cluster svc -Name web, nope -ErrorVariable errs -ErrorAction SilentlyContinue
        $found.Service | Should -Be 'web'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound,*'
    }

    It 'updates the desired count and deploys new images as a new revision' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        (Get-EcsService -Cluster svc web | Update-EcsService -DesiredCount 3).DesiredCount | Should -Be 3
        $svc = Update-EcsService -Cluster svc -Name web -Image @{ web = 'nginx:1.28' }
        $svc.TaskDefinition | Should -BeLike '*web:2'
        $td = (Get-EcsTaskDefinition -TaskDefinition web:2)
        $td.ContainerDefinitions[0].Image | Should -Be 'nginx:1.28'
        $td.ContainerDefinitions[0].PortMappings[0].Name | Should -Be 'http'
        $td.Cpu | Should -Be '256'
        $td.NetworkMode | Should -Be 'awsvpc'
    }

    It 'rejects -Image for a container the task definition lacks, registering nothing' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        $script:Proxy.Clear()
        { Update-EcsService -Cluster svc -Name web -Image @{ api = 'x:1' } -ErrorAction Stop } | Should -Throw -ErrorId 'ContainerNotInTaskDefinition*'
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
    }

    It 'removes a service after scaling it to 0, or at once with -Force' {
        'a', 'b' | ForEach-Object { New-EcsFargateService -Cluster svc -Name $_ -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null }
        $script:Proxy.Clear()
        Remove-EcsService -Cluster svc -Name a -Confirm:$false
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('UpdateService', 'DeleteService')
        $script:Proxy.Clear()
        $gone = Get-EcsService -Cluster svc b | Remove-EcsService -Force -PassThru
        $gone.Service | Should -Be 'b'
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('DeleteService')
    }

    It '-WhatIf on New, Update and Remove sends no mutating request' {
        New-EcsFargateService -Cluster svc -Name web -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup | Out-Null
        $script:Proxy.Clear()
        New-EcsFargateService -Cluster svc -Name other -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -WhatIf
        Update-EcsService -Cluster svc -Name web -Image @{ web = 'nginx:2' } -WhatIf
        Update-EcsService -Cluster svc -Name web -DesiredCount 5 -WhatIf
        Get-EcsService -Cluster svc web | Remove-EcsService -WhatIf
        Remove-EcsService -Cluster svc -Name web -Force -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
        (Get-EcsService -Cluster svc web).DesiredCount | Should -Be 1
    }
}

Describe 'Tasks' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-Fixture
        $script:Proxy.Clear()
    }

    It 'starts Fargate tasks with overrides, lists, gets by id and stops them' {
        $tasks = Start-EcsTask -Cluster svc -TaskDefinition web -Count 2 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -StartedBy pester `
            -Override @{ Name = 'web'; Command = 'echo', 'hi'; Environment = @{ A = '1' } }
        $tasks.Count | Should -Be 2
        $tasks[0] | Should -BeOfType ([EcsAdmin.Models.EcsTask])
        $tasks[0].Cluster | Should -Be 'svc'
        $tasks[0].TaskId | Should -Not -BeNullOrEmpty
        $tasks[0].TaskArn | Should -BeLike "*$($tasks[0].TaskId)"
        $run = (Get-RecordedRequest -Proxy $script:Proxy -Operation RunTask)[0].Body | ConvertFrom-Json
        $run.overrides.containerOverrides[0].command | Should -Be @('echo', 'hi')
        $run.launchType | Should -Be 'FARGATE'
        $run.clientToken | Should -Match '^[0-9a-f]{32}$'

        (Get-EcsTask -Cluster svc).TaskId | Sort-Object | Should -Be ($tasks.TaskId | Sort-Object)
        (Get-EcsTask -Cluster svc -Task $tasks[0].TaskId).TaskArn | Should -Be $tasks[0].TaskArn
        $stopped = $tasks[0] | Stop-EcsTask -Reason 'pester stop'
        $stopped.DesiredStatus | Should -Be 'STOPPED'
        $stopped.StoppedReason | Should -Be 'pester stop'
        (Get-EcsTask -Cluster svc -DesiredStatus STOPPED).TaskId | Should -Be $tasks[0].TaskId
    }

    It 'asks before stopping more than one task unless -Force' {
        $tasks = Start-EcsTask -Cluster svc -TaskDefinition web -Count 3 -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup
        $script:Proxy.Clear()
        # A host that cannot prompt (pwsh -NonInteractive) shows the question is asked: the first task is stopped,
        # then asking before the second ends the command.
        $module = (Get-Module EcsAdmin).Path
        $ids = ($tasks.TaskId | Select-Object -First 2) -join "','"
        $run = Invoke-FreshPwsh "Import-Module '$module'; '$ids' | Stop-EcsTask -Cluster svc"
        ($run.Output -join "`n") | Should -Match 'Stop-EcsTask: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available'
        $script:Proxy.Count('StopTask') | Should -Be 1
        # One task never asks; -Force stops several without asking (one more fresh process for both: each costs
        # seconds of CPU).
        $run = Invoke-FreshPwsh "Import-Module '$module'; Stop-EcsTask -Cluster svc -Task '$($tasks[1].TaskId)'; 'one task: ' + `$?; Get-EcsTask -Cluster svc | Stop-EcsTask -Cluster svc -Force | Out-Null; 'done'"
        $run.Output | Should -Contain 'one task: True' -Because ($run.Output -join "`n")
        $stops = @(Get-RecordedRequest -Proxy $script:Proxy -Operation StopTask)
        $stops.Count | Should -BeGreaterThan 2
        $stops[1].Body | Should -Match ([regex]::Escape($tasks[1].TaskId)) -Because 'the one task was stopped without asking'
        ($run.Output -join "`n") | Should -Not -Match 'NonInteractive mode'
        ($run.Output -join "`n") | Should -Match 'done'
        @(Get-EcsTask -Cluster svc -DesiredStatus RUNNING).Count | Should -Be 0
    }

    It 'waits for a task to stop with -Wait' {
        $t = Start-EcsTask -Cluster svc -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -Wait -TimeoutSec 120
        $t.LastStatus | Should -Be 'STOPPED'
        $t.Containers[0].Name | Should -Be 'web'
        $t.Containers[0].Essential | Should -BeTrue
    }

    It 'reports a missing task id as TaskNotFound and rejects unknown override containers before RunTask' {
        Get-EcsTask -Cluster svc -Task 0123456789abcdef0123456789abcdef -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskNotFound,*'
        { Start-EcsTask -Cluster svc -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -Override @{ Name = 'nope' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'ContainerNotInTaskDefinition*'
        $script:Proxy.Count('RunTask') | Should -Be 0
    }

    It '-WhatIf on Start and Stop sends no mutating request' {
        $t = Start-EcsTask -Cluster svc -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup
        $script:Proxy.Clear()
        Start-EcsTask -Cluster svc -TaskDefinition web -Subnet $Fx.Subnet -SecurityGroup $Fx.SecurityGroup -WhatIf
        $t | Stop-EcsTask -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
    }
}
