# EC2 and ECS Anywhere fleets through the built module, against moto_server behind the recording proxy:
# capacity providers, container instances (registered through moto's EC2 and ECS APIs), draining with
# -Wait, attributes, ECS Anywhere activations, account settings and Cloud Map namespaces, EC2 services with
# placement (New-EcsService, Start-EcsTask) and the placement, network and attachment changes of Update-EcsService. Where moto lacks an
# operation (Managed Instances providers, UpdateContainerAgent, SSM CreateActivation, PutAccountSettingDefault,
# listing every capacity provider) the proxy answers with a reply shaped as AWS documents it, and the tests assert
# the request that was sent.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    $script:ModulePath = Get-EcsAdminModulePath

    function Invoke-MotoJson([string] $Scope, [string] $Target, [hashtable] $Body) {
        # Straight to moto (not through the proxy): fixture set-up is not what the tests count.
        $headers = @{
            'X-Amz-Target'  = $Target
            'Authorization' = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/$Scope/aws4_request, SignedHeaders=host, Signature=0"
        }
        Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body ($Body | ConvertTo-Json -Depth 10)
    }

    function Invoke-MotoEc2([hashtable] $Form) {
        $headers = @{ 'Authorization' = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0' }
        $body = (@($Form.GetEnumerator() | ForEach-Object { "$($_.Key)=$([uri]::EscapeDataString([string]$_.Value))" }) + 'Version=2016-11-15') -join '&'
        (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-www-form-urlencoded' -Body $body).Content
    }

    # A cluster with EC2 instances registered as container instances (moto's EC2 RunInstances + ECS RegisterContainerInstance).
    function New-FleetFixture([string] $Cluster = 'fleet', [int] $Count = 2) {
        New-EcsCluster -Name $Cluster | Out-Null
        $xml = Invoke-MotoEc2 @{ Action = 'RunInstances'; ImageId = 'ami-12c6146b'; MinCount = $Count; MaxCount = $Count; InstanceType = 't3.medium' }
        $ids = @([regex]::Matches($xml, '<instanceId>(i-[0-9a-f]+)</instanceId>') | ForEach-Object { $_.Groups[1].Value })
        $ids | Should -HaveCount $Count
        $arns = foreach ($id in $ids) {
            $doc = @{ instanceId = $id; region = 'us-east-1'; availabilityZone = 'us-east-1a'; instanceType = 't3.medium' } | ConvertTo-Json -Compress
            (Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.RegisterContainerInstance' @{ cluster = $Cluster; instanceIdentityDocument = $doc }).containerInstance.containerInstanceArn
        }
        $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition' @{
            family = 'fleet-app'; requiresCompatibilities = @('EC2'); networkMode = 'bridge'
            containerDefinitions = @(@{ name = 'app'; image = 'nginx:latest'; cpu = 256; memory = 256; essential = $true })
        }
        $script:Proxy.Clear()
        [pscustomobject]@{ Cluster = $Cluster; Ec2InstanceIds = $ids; Arns = @($arns); Ids = @($arns | ForEach-Object { ($_ -split '/')[-1] }) }
    }

    function Start-FleetTask([string] $Cluster, [string] $ContainerInstanceArn, [int] $Count = 1) {
        foreach ($i in 1..$Count) {
            (Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.StartTask' @{ cluster = $Cluster; taskDefinition = 'fleet-app'; containerInstances = @($ContainerInstanceArn) }).tasks[0].taskArn
        }
    }

    function Stop-FleetTask([string] $Cluster, [string[]] $TaskArn) {
        foreach ($t in $TaskArn) { $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.StopTask' @{ cluster = $Cluster; task = $t; reason = 'test' } }
    }

    function Get-MutatingOperation { @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) }
    function Get-SentBody([string] $Operation) { @(Get-RecordedRequest -Proxy $script:Proxy -Operation $Operation | ForEach-Object { $_.Body | ConvertFrom-Json }) }

    # A locally detectable mistake: a typed error with the ErrorId and a recommended action, and no request sent.
    function Assert-RefusedLocally([scriptblock] $Script, [string] $ErrorId) {
        $script:Proxy.Clear()
        $ErrorActionPreference = 'Continue'
        $err = @(& $Script 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err | Should -Not -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $script:Proxy.Requests.Count | Should -Be 0
    }

    # A second PowerShell on its own runspace (same process, same environment) running a fleet command.
    function Start-BackgroundPowerShell([string] $Script) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("`$ErrorActionPreference = 'Stop'; Import-Module '$($script:ModulePath)'; $Script")
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Wait-ContainerInstanceStatus([string] $Cluster, [string] $Id, [string] $Status) {
        foreach ($i in 1..600) {
            $ci = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.DescribeContainerInstances' @{ cluster = $Cluster; containerInstances = @($Id) }
            if ($ci.containerInstances[0].status -eq $Status) { return }
            Start-Sleep -Milliseconds 100
        }
        throw "container instance $Id never reached $Status"
    }

    # A subnet and security group moto knows (it checks the ids of an awsvpc configuration).
    function New-MotoSubnet {
        $vpc = [regex]::Match((Invoke-MotoEc2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }), '<vpcId>(vpc-[0-9a-f]+)</vpcId>').Groups[1].Value
        $subnet = [regex]::Match((Invoke-MotoEc2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }), '<subnetId>(subnet-[0-9a-f]+)</subnetId>').Groups[1].Value
        $sg = [regex]::Match((Invoke-MotoEc2 @{ Action = 'CreateSecurityGroup'; GroupName = 'web'; GroupDescription = 'web'; VpcId = $vpc }), '<groupId>(sg-[0-9a-f]+)</groupId>').Groups[1].Value
        [pscustomobject]@{ Vpc = $vpc; Subnet = $subnet; SecurityGroup = $sg }
    }

    $script:AsgArn = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0:autoScalingGroupName/web-asg'
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Auto Scaling group capacity providers' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear() }

    It 'creates a provider with managed scaling, termination protection and draining (the seed command)' {
        $p = New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn -TargetCapacity 90 -MinimumScalingStepSize 1 -MaximumScalingStepSize 4 `
            -ManagedTerminationProtection ENABLED -ManagedDraining ENABLED -Tag @{ team = 'web' }
        $p | Should -BeOfType ([EcsAdmin.Models.EcsCapacityProvider])
        $p.Name | Should -Be 'asg-web'
        $p.Status | Should -Be 'ACTIVE'
        $p.Region | Should -Be 'us-east-1'
        $p.AutoScalingGroupArn | Should -Be $AsgArn
        $p.ManagedScaling | Should -Be 'ENABLED'
        $p.TargetCapacity | Should -Be 90
        $p.MinimumScalingStepSize | Should -Be 1
        $p.MaximumScalingStepSize | Should -Be 4
        $p.ManagedTerminationProtection | Should -Be 'ENABLED'
        $p.ManagedDraining | Should -Be 'ENABLED'
        $p.CapacityProviderArn | Should -BeLike 'arn:aws:ecs:us-east-1:*:capacity-provider/asg-web'
        $sent = Get-SentBody CreateCapacityProvider
        $sent | Should -HaveCount 1
        $sent[0].autoScalingGroupProvider.managedScaling.status | Should -Be 'ENABLED' -Because 'a target capacity means managed scaling is wanted'
        $sent[0].tags[0].key | Should -Be 'team'
        $sent[0].PSObject.Properties.Name | Should -Not -Contain 'managedInstancesProvider'
    }

    It 'gets a provider by name, and reports a name that does not exist' {
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn | Out-Null
        $got = @(Get-EcsCapacityProvider asg-web, asg-gone -ErrorVariable errs -ErrorAction SilentlyContinue)
        $got | Should -HaveCount 1
        $got[0].Name | Should -Be 'asg-web'
        $got[0].Type | Should -Be 'EC2_AUTOSCALING'
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CapacityProviderNotFound,*'
        $errs[0].TargetObject | Should -Be 'asg-gone'
    }

    It 'lists providers by pattern from every page of DescribeCapacityProviders' {
        # moto cannot list providers without names: the proxy answers as AWS does, in two pages.
        $page1 = '{"capacityProviders":[{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE","name":"FARGATE","status":"ACTIVE","type":"FARGATE"},{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/asg-a","name":"asg-a","status":"ACTIVE","type":"EC2_AUTOSCALING","autoScalingGroupProvider":{"autoScalingGroupArn":"' + $AsgArn + '","managedScaling":{"status":"ENABLED","targetCapacity":100},"managedTerminationProtection":"DISABLED","managedDraining":"ENABLED"}}],"nextToken":"p2"}'
        $page2 = '{"capacityProviders":[{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/asg-b","name":"asg-b","status":"ACTIVE","type":"EC2_AUTOSCALING","autoScalingGroupProvider":{"autoScalingGroupArn":"' + $AsgArn + '"}},{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/asg-old","name":"asg-old","status":"INACTIVE","type":"EC2_AUTOSCALING"}]}'
        $script:Proxy.AddReply('DescribeCapacityProviders', $page1, 1)
        $script:Proxy.AddReply('DescribeCapacityProviders', $page2, 1)
        $got = @(Get-EcsCapacityProvider 'asg-*')
        $got.Name | Should -Be @('asg-a', 'asg-b', 'asg-old')
        $got[0].ManagedDraining | Should -Be 'ENABLED'
        $sent = Get-SentBody DescribeCapacityProviders
        $sent | Should -HaveCount 2
        $sent[1].nextToken | Should -Be 'p2'
        $sent[0].PSObject.Properties.Name | Should -Not -Contain 'capacityProviders'
    }

    It 'changes only what is given' {
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn -TargetCapacity 90 -ManagedTerminationProtection ENABLED | Out-Null
        $script:Proxy.Clear()
        $p = Set-EcsCapacityProvider asg-web -TargetCapacity 80
        $p.TargetCapacity | Should -Be 80
        $p.ManagedTerminationProtection | Should -Be 'ENABLED'
        $sent = Get-SentBody UpdateCapacityProvider
        $sent[0].autoScalingGroupProvider.managedScaling.targetCapacity | Should -Be 80
        $sent[0].autoScalingGroupProvider.PSObject.Properties.Name | Should -Not -Contain 'managedTerminationProtection'
        (Get-EcsCapacityProvider asg-web).TargetCapacity | Should -Be 80
    }

    It 'associates a provider with a cluster as its default strategy through Set-EcsCluster' {
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn | Out-Null
        New-EcsCluster -Name ec2 | Out-Null
        $c = Set-EcsCluster ec2 -CapacityProvider asg-web -DefaultCapacityProviderStrategy 'asg-web:1:1'
        $c.CapacityProviders | Should -Be @('asg-web')
        $c.DefaultCapacityProviderStrategy[0].CapacityProvider | Should -Be 'asg-web'
        $c.DefaultCapacityProviderStrategy[0].Base | Should -Be 1
        $c.CapacityProviders | Get-EcsCapacityProvider | ForEach-Object Name | Should -Be 'asg-web'
    }

    It 'deletes a provider with -Force; -WhatIf deletes nothing' {
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn | Out-Null
        $script:Proxy.Clear()
        Remove-EcsCapacityProvider asg-web -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $gone = Remove-EcsCapacityProvider asg-web -Force -PassThru
        $gone.Name | Should -Be 'asg-web'
        Get-MutatingOperation | Should -Be @('DeleteCapacityProvider')
        Get-EcsCapacityProvider asg-web -ErrorAction SilentlyContinue -ErrorVariable errs | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CapacityProviderNotFound,*'
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'a target capacity over 100'; ErrorId = 'InvalidTargetCapacity'; Script = { New-EcsCapacityProvider -Name asg-x -AutoScalingGroupArn $AsgArn -TargetCapacity 150 } }
        @{ Case = 'a reserved name prefix'; ErrorId = 'InvalidCapacityProviderName'; Script = { New-EcsCapacityProvider -Name ecs-web -AutoScalingGroupArn $AsgArn } }
        @{ Case = 'a minimum step above the maximum'; ErrorId = 'ScalingStepSizeOrder'; Script = { New-EcsCapacityProvider -Name asg-x -AutoScalingGroupArn $AsgArn -MinimumScalingStepSize 5 -MaximumScalingStepSize 2 } }
        @{ Case = 'a malformed group ARN'; ErrorId = 'InvalidAutoScalingGroupArn'; Script = { New-EcsCapacityProvider -Name asg-x -AutoScalingGroupArn 'arn:aws:ec2:us-east-1:123456789012:instance/i-1' } }
        @{ Case = 'termination protection without managed scaling'; ErrorId = 'TerminationProtectionNeedsManagedScaling'; Script = { New-EcsCapacityProvider -Name asg-x -AutoScalingGroupArn $AsgArn -ManagedScaling DISABLED -ManagedTerminationProtection ENABLED } }
        @{ Case = 'an update with nothing to change'; ErrorId = 'NothingToChange'; Script = { Set-EcsCapacityProvider asg-x } }
        @{ Case = 'Managed Instances without a subnet id'; ErrorId = 'InvalidSubnetId'; Script = { New-EcsCapacityProvider -Name mi-x -ManagedInstances -Cluster c -InfrastructureRoleArn arn:aws:iam::123456789012:role/infra -InstanceProfileArn arn:aws:iam::123456789012:instance-profile/inst -Subnet 'not-a-subnet' } }
        @{ Case = 'Managed Instances requirements without a minimum memory'; ErrorId = 'InvalidInstanceRequirements'; Script = { New-EcsCapacityProvider -Name mi-x -ManagedInstances -Cluster c -InfrastructureRoleArn arn:aws:iam::123456789012:role/infra -InstanceProfileArn arn:aws:iam::123456789012:instance-profile/inst -Subnet subnet-0a1b2c3d -MinVCpu 2 } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'ECS Managed Instances capacity providers' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear() }
    AfterEach { $script:Proxy.ClearFaults() }

    It 'sends the infrastructure role, launch template, Spot option and instance requirements' {
        # moto has no Managed Instances: the reply is scripted; the assertions are on the request sent.
        $reply = '{"capacityProvider":{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/mi-spot","name":"mi-spot","cluster":"arn:aws:ecs:us-east-1:123456789012:cluster/prod","status":"PROVISIONING","type":"MANAGED_INSTANCES","managedInstancesProvider":{"infrastructureRoleArn":"arn:aws:iam::123456789012:role/ecsInfrastructureRole","instanceLaunchTemplate":{"ec2InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/ecsInstanceRole","networkConfiguration":{"subnets":["subnet-0a1b2c3d"],"securityGroups":["sg-0123abcd"]},"capacityOptionType":"SPOT","instanceRequirements":{"vCpuCount":{"min":2,"max":8},"memoryMiB":{"min":4096},"allowedInstanceTypes":["m7g.*","c7g.*"]}},"propagateTags":"NONE"}}}'
        $script:Proxy.AddReply('CreateCapacityProvider', $reply, 1)
        $p = New-EcsCapacityProvider -Name mi-spot -ManagedInstances -Cluster prod -InfrastructureRoleArn arn:aws:iam::123456789012:role/ecsInfrastructureRole `
            -InstanceProfileArn arn:aws:iam::123456789012:instance-profile/ecsInstanceRole -Subnet subnet-0a1b2c3d -SecurityGroup sg-0123abcd `
            -CapacityOptionType SPOT -MinVCpu 2 -MaxVCpu 8 -MinMemoryMiB 4096 -AllowedInstanceType 'm7g.*', 'c7g.*'
        $sent = (Get-SentBody CreateCapacityProvider)[0]
        $sent.cluster | Should -Be 'prod'
        $sent.PSObject.Properties.Name | Should -Not -Contain 'autoScalingGroupProvider'
        $mi = $sent.managedInstancesProvider
        $mi.infrastructureRoleArn | Should -Be 'arn:aws:iam::123456789012:role/ecsInfrastructureRole'
        $mi.instanceLaunchTemplate.ec2InstanceProfileArn | Should -Be 'arn:aws:iam::123456789012:instance-profile/ecsInstanceRole'
        $mi.instanceLaunchTemplate.networkConfiguration.subnets | Should -Be @('subnet-0a1b2c3d')
        $mi.instanceLaunchTemplate.networkConfiguration.securityGroups | Should -Be @('sg-0123abcd')
        $mi.instanceLaunchTemplate.capacityOptionType | Should -Be 'SPOT'
        $mi.instanceLaunchTemplate.instanceRequirements.vCpuCount.min | Should -Be 2
        $mi.instanceLaunchTemplate.instanceRequirements.vCpuCount.max | Should -Be 8
        $mi.instanceLaunchTemplate.instanceRequirements.memoryMiB.min | Should -Be 4096
        $mi.instanceLaunchTemplate.instanceRequirements.memoryMiB.PSObject.Properties.Name | Should -Not -Contain 'max'
        $mi.instanceLaunchTemplate.instanceRequirements.allowedInstanceTypes | Should -Be @('m7g.*', 'c7g.*')
        $p.Type | Should -Be 'MANAGED_INSTANCES'
        $p.Cluster | Should -Be 'prod'
        $p.CapacityOptionType | Should -Be 'SPOT'
        $p.InstanceRequirements.MinVCpu | Should -Be 2
        $p.InstanceRequirements.AllowedInstanceTypes | Should -Be @('m7g.*', 'c7g.*')
        $p.Subnets | Should -Be @('subnet-0a1b2c3d')
    }

    It 'keeps the current infrastructure role when an update does not give one' {
        $current = '{"capacityProviders":[{"name":"mi-spot","status":"ACTIVE","type":"MANAGED_INSTANCES","cluster":"prod","managedInstancesProvider":{"infrastructureRoleArn":"arn:aws:iam::123456789012:role/keep-me","instanceLaunchTemplate":{"ec2InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/p","networkConfiguration":{"subnets":["subnet-0a1b2c3d"]}}}}]}'
        $updated = '{"capacityProvider":{"name":"mi-spot","status":"ACTIVE","type":"MANAGED_INSTANCES","cluster":"prod","updateStatus":"UPDATE_IN_PROGRESS","managedInstancesProvider":{"infrastructureRoleArn":"arn:aws:iam::123456789012:role/keep-me","instanceLaunchTemplate":{"ec2InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/p","networkConfiguration":{"subnets":["subnet-0a1b2c3d"]},"monitoring":"DETAILED"}}}}'
        $script:Proxy.AddReply('DescribeCapacityProviders', $current, 1)
        $script:Proxy.AddReply('UpdateCapacityProvider', $updated, 1)
        $p = Set-EcsCapacityProvider mi-spot -ManagedInstances -Cluster prod -Monitoring DETAILED
        $sent = (Get-SentBody UpdateCapacityProvider)[0]
        $sent.cluster | Should -Be 'prod'
        $sent.managedInstancesProvider.infrastructureRoleArn | Should -Be 'arn:aws:iam::123456789012:role/keep-me'
        $sent.managedInstancesProvider.instanceLaunchTemplate.monitoring | Should -Be 'DETAILED'
        $p.UpdateStatus | Should -Be 'UPDATE_IN_PROGRESS'
        $p.Monitoring | Should -Be 'DETAILED'
    }
}

Describe 'Container instances' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Fx = New-FleetFixture }
    AfterEach { $script:Proxy.ClearFaults() }

    It 'lists the registered instances with status, agent, type, zone, tasks, resources and attributes' {
        Start-FleetTask -Cluster fleet -ContainerInstanceArn $Fx.Arns[0] | Out-Null
        $all = @(Get-EcsContainerInstance -Cluster fleet)
        $all | Should -HaveCount 2
        $one = $all | Where-Object ContainerInstanceId -eq $Fx.Ids[0]
        $one | Should -BeOfType ([EcsAdmin.Models.EcsContainerInstance])
        $one.Cluster | Should -Be 'fleet'
        $one.Status | Should -Be 'ACTIVE'
        $one.AgentConnected | Should -BeTrue
        $one.AgentVersion | Should -Be '1.0.0'
        $one.Ec2InstanceId | Should -BeIn $Fx.Ec2InstanceIds
        $one.IsExternal | Should -BeFalse
        $one.InstanceType | Should -Be 't3.medium'
        $one.AvailabilityZone | Should -Be 'us-east-1a'
        $one.RunningTasksCount | Should -Be 1
        $one.RegisteredCpu | Should -Be 4096
        $one.RemainingCpu | Should -Be (4096 - 256)
        $one.RegisteredMemory | Should -BeGreaterThan $one.RemainingMemory
        $one.RegisteredPorts | Should -Contain '22'
        $one.Attributes['ecs.instance-type'] | Should -Be 't3.medium'
        $script:Proxy.Count('ListContainerInstances') | Should -Be 1
        $script:Proxy.Count('DescribeContainerInstances') | Should -Be 1 -Because 'up to 100 instances are described in one call'
        ($all | Out-String) | Should -Match 't3.medium'
    }

    It 'drains an instance and makes it ACTIVE again' {
        $d = Set-EcsContainerInstance -Cluster fleet -ContainerInstance $Fx.Ids[0] -Status DRAINING
        $d.Status | Should -Be 'DRAINING'
        (Get-EcsContainerInstance -Cluster fleet -Status DRAINING).ContainerInstanceId | Should -Be $Fx.Ids[0]
        $a = Get-EcsContainerInstance -Cluster fleet $Fx.Ids[0] | Set-EcsContainerInstance -Status ACTIVE
        $a.Status | Should -Be 'ACTIVE'
        (Get-SentBody UpdateContainerInstancesState).status | Should -Be @('DRAINING', 'ACTIVE')
    }

    It 'names the instance and cluster in -WhatIf and changes nothing' {
        $out = Get-WhatIfText { Set-EcsContainerInstance -Cluster fleet -ContainerInstance $Fx.Ids[0] -Status DRAINING -WhatIf }
        $out | Should -Match ([regex]::Escape($Fx.Ids[0]))
        $out | Should -Match 'cluster fleet'
        Get-MutatingOperation | Should -BeNullOrEmpty
    }

    It 'with -Wait, returns once the tasks on the draining instance are gone (with progress)' {
        $tasks = @(Start-FleetTask -Cluster fleet -ContainerInstanceArn $Fx.Arns[0] -Count 2)
        $bg = Start-BackgroundPowerShell "Set-EcsContainerInstance -Cluster fleet -ContainerInstance '$($Fx.Ids[0])' -Status DRAINING -Wait -TimeoutSec 600"
        try {
            Wait-ContainerInstanceStatus -Cluster fleet -Id $Fx.Ids[0] -Status DRAINING
            $bg.Handle.IsCompleted | Should -BeFalse -Because 'two tasks still run on the instance'
            Stop-FleetTask -Cluster fleet -TaskArn $tasks
            $out = @($bg.PowerShell.EndInvoke($bg.Handle))
        } finally {
            $bg.PowerShell.Stop(); $bg.PowerShell.Dispose()
        }
        $out | Should -HaveCount 1
        $out[0].Status | Should -Be 'DRAINING'
        $out[0].RunningTasksCount | Should -Be 0
        $progress = @($bg.PowerShell.Streams.Progress)
        @($progress | Where-Object { $_.StatusDescription -match '^2 task\(s\) left' }).Count | Should -BeGreaterThan 0
        $progress[-1].RecordType | Should -Be 'Completed'
        @($bg.PowerShell.Streams.Warning) | Should -BeNullOrEmpty
    }

    It 'stops waiting at once on Ctrl+C, leaving the instance DRAINING' {
        Start-FleetTask -Cluster fleet -ContainerInstanceArn $Fx.Arns[0] | Out-Null
        $bg = Start-BackgroundPowerShell "Set-EcsContainerInstance -Cluster fleet -ContainerInstance '$($Fx.Ids[0])' -Status DRAINING -Wait -TimeoutSec 3600"
        try {
            Wait-ContainerInstanceStatus -Cluster fleet -Id $Fx.Ids[0] -Status DRAINING
            $bg.PowerShell.Stop()
            $bg.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $bg.PowerShell.Dispose()
        }
        (Get-EcsContainerInstance -Cluster fleet $Fx.Ids[0]).Status | Should -Be 'DRAINING'
    }

    It 'refuses to deregister an instance with tasks unless -Force' {
        Start-FleetTask -Cluster fleet -ContainerInstanceArn $Fx.Arns[0] | Out-Null
        Remove-EcsContainerInstance -Cluster fleet -ContainerInstance $Fx.Ids[0] -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ContainerInstanceHasTasks,*'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'DRAINING'
        Get-MutatingOperation | Should -BeNullOrEmpty
        $gone = Remove-EcsContainerInstance -Cluster fleet -ContainerInstance $Fx.Ids[0] -Force -PassThru
        $gone.ContainerInstanceId | Should -Be $Fx.Ids[0]
        (Get-SentBody DeregisterContainerInstance)[0].force | Should -BeTrue
        (Get-EcsContainerInstance -Cluster fleet).ContainerInstanceId | Should -Be $Fx.Ids[1]
    }

    It 'deregisters an idle instance piped from Get-EcsContainerInstance' {
        Get-EcsContainerInstance -Cluster fleet $Fx.Ids[1] | Remove-EcsContainerInstance -Confirm:$false
        (Get-SentBody DeregisterContainerInstance)[0].PSObject.Properties.Name | Should -Not -Contain 'force'
        (Get-EcsContainerInstance -Cluster fleet).ContainerInstanceId | Should -Be $Fx.Ids[0]
    }

    It 'updates the container agent (scripted: moto lacks UpdateContainerAgent)' {
        $script:Proxy.AddReply('UpdateContainerAgent', '{"containerInstance":{"containerInstanceArn":"' + $Fx.Arns[0] + '","status":"ACTIVE","agentConnected":true,"agentUpdateStatus":"PENDING","versionInfo":{"agentVersion":"1.0.0"}}}', 1)
        Update-EcsContainerAgent -Cluster fleet -ContainerInstance $Fx.Ids[0] -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $u = Update-EcsContainerAgent -Cluster fleet -ContainerInstance $Fx.Ids[0] -Confirm:$false
        $u.AgentUpdateStatus | Should -Be 'PENDING'
        $sent = (Get-SentBody UpdateContainerAgent)[0]
        $sent.cluster | Should -Be 'fleet'
        $sent.containerInstance | Should -Be $Fx.Ids[0]
    }
}

# Reads that change nothing share one fixture.
Describe 'Container instances: reads' {
    BeforeAll { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Fx = New-FleetFixture }
    BeforeEach { $script:Proxy.ClearFaults(); $script:Proxy.Clear() }

    It 'gets instances by id and reports an id the cluster does not have' {
        $got = @(Get-EcsContainerInstance -Cluster fleet $Fx.Ids[1], 'no-such-instance' -ErrorVariable errs -ErrorAction SilentlyContinue)
        $got.ContainerInstanceId | Should -Be $Fx.Ids[1]
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ContainerInstanceNotFound,*'
    }

    It 'finds an instance by its EC2 instance id' {
        $ci = Get-EcsContainerInstance -Cluster fleet -ContainerInstance $Fx.Ec2InstanceIds[1]
        $ci.Ec2InstanceId | Should -Be $Fx.Ec2InstanceIds[1]
        (Get-SentBody ListContainerInstances)[0].filter | Should -Be "ec2InstanceId == $($Fx.Ec2InstanceIds[1])"
    }

    It 'shows ECS Anywhere (EXTERNAL) instances' {
        # moto registers EC2 instances only: the listing of an external host is scripted as AWS returns it.
        $script:Proxy.AddReply('ListContainerInstances', '{"containerInstanceArns":["arn:aws:ecs:us-east-1:123456789012:container-instance/fleet/5e5e5e5e5e5e4e5e9e5e5e5e5e5e5e5e"]}', 1)
        $script:Proxy.AddReply('DescribeContainerInstances', '{"containerInstances":[{"containerInstanceArn":"arn:aws:ecs:us-east-1:123456789012:container-instance/fleet/5e5e5e5e5e5e4e5e9e5e5e5e5e5e5e5e","ec2InstanceId":"mi-0123456789abcdef0","status":"ACTIVE","agentConnected":true,"versionInfo":{"agentVersion":"1.85.0","dockerVersion":"DockerVersion: 25.0.3"},"runningTasksCount":0,"pendingTasksCount":0,"registeredResources":[{"name":"CPU","type":"INTEGER","integerValue":2048},{"name":"MEMORY","type":"INTEGER","integerValue":3837}],"remainingResources":[{"name":"CPU","type":"INTEGER","integerValue":2048},{"name":"MEMORY","type":"INTEGER","integerValue":3837}],"attributes":[{"name":"ecs.os-type","value":"linux"},{"name":"ecs.capability.external"}],"registeredAt":1767225600}],"failures":[]}', 1)
        $ci = @(Get-EcsContainerInstance -Cluster fleet)
        $ci | Should -HaveCount 1
        $ci[0].IsExternal | Should -BeTrue
        $ci[0].Ec2InstanceId | Should -Be 'mi-0123456789abcdef0'
        $ci[0].AgentVersion | Should -Be '1.85.0'
        $ci[0].Attributes.ContainsKey('ecs.capability.external') | Should -BeTrue
        $ci[0].Attributes['ecs.capability.external'] | Should -BeNullOrEmpty
        ($ci | Out-String) | Should -Match 'EXTERNAL'
    }
}

Describe 'Attributes' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Fx = New-FleetFixture }

    It 'sets an attribute and reads it back, also on the container instance' {
        $set = Set-EcsAttribute -Cluster fleet -ContainerInstance $Fx.Ids[0] -Name stack -Value prod -Confirm:$false
        $set.Name | Should -Be 'stack'
        $set.Value | Should -Be 'prod'
        $set.ContainerInstance | Should -Be $Fx.Ids[0]
        $got = @(Get-EcsAttribute -Cluster fleet -Name stack)
        $got | Should -HaveCount 1
        $got[0].Value | Should -Be 'prod'
        $got[0].ContainerInstance | Should -Be $Fx.Ids[0]
        (Get-EcsContainerInstance -Cluster fleet $Fx.Ids[0]).Attributes['stack'] | Should -Be 'prod'
        $sent = (Get-SentBody PutAttributes)[0]
        $sent.attributes[0].targetType | Should -Be 'container-instance'
    }

    It 'matches names with wildcards and filters by instance' {
        @(Get-EcsAttribute -Cluster fleet -Name 'ecs.*').Count | Should -Be 8
        @(Get-EcsContainerInstance -Cluster fleet $Fx.Ids[1] | Get-EcsAttribute -Name 'ecs.*').ContainerInstance | Sort-Object -Unique | Should -Be $Fx.Ids[1]
    }

    It 'sets several attributes on piped instances, a name-only one included' {
        $out = @(Get-EcsContainerInstance -Cluster fleet | Set-EcsAttribute -Attribute @{ rack = 'a'; gpu = $null } -Confirm:$false)
        $out | Should -HaveCount 4
        $gpu = @(Get-EcsAttribute -Cluster fleet -Name gpu)
        $gpu | Should -HaveCount 2
        $gpu[0].Value | Should -BeNullOrEmpty
        @(Get-EcsAttribute -Cluster fleet -Name rack).Value | Should -Be @('a', 'a')
    }

    It 'removes an attribute whatever its value, and reports one that is not there' {
        Set-EcsAttribute -Cluster fleet -ContainerInstance $Fx.Ids -Name stack -Value prod -Confirm:$false | Out-Null
        $script:Proxy.Clear()
        Remove-EcsAttribute -Cluster fleet -ContainerInstance $Fx.Ids[0] -Name stack -Force
        (Get-SentBody DeleteAttributes)[0].attributes[0].value | Should -Be 'prod' -Because 'the current value was read first'
        @(Get-EcsAttribute -Cluster fleet -Name stack).ContainerInstance | Should -Be $Fx.Ids[1]
        $script:Proxy.Clear()
        Remove-EcsAttribute -Cluster fleet -ContainerInstance $Fx.Ids[0] -Name stack -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AttributeNotFound,*'
        $script:Proxy.Count('DeleteAttributes') | Should -Be 0
    }

    It 'removes attributes piped from Get-EcsAttribute; -WhatIf removes nothing' {
        Set-EcsAttribute -Cluster fleet -ContainerInstance $Fx.Ids -Name rack -Value b -Confirm:$false | Out-Null
        $script:Proxy.Clear()
        Get-EcsAttribute -Cluster fleet -Name rack | Remove-EcsAttribute -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $removed = @(Get-EcsAttribute -Cluster fleet -Name rack | Remove-EcsAttribute -Force -PassThru)
        $removed | Should -HaveCount 2
        Get-EcsAttribute -Cluster fleet -Name rack | Should -BeNullOrEmpty
    }

}

# Refused before any request: no fixture needed (each test's EC2 fixture costs moto and this process CPU).
Describe 'Attributes: refused locally' {
    BeforeEach { $script:Proxy.ClearFaults() }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'an ecs.* name'; ErrorId = 'ReservedAttributeName'; Script = { Set-EcsAttribute -Cluster fleet -ContainerInstance abc -Name ecs.instance-type -Value x -Confirm:$false } }
        @{ Case = 'a value with a leading space'; ErrorId = 'InvalidAttributeValue'; Script = { Set-EcsAttribute -Cluster fleet -ContainerInstance abc -Name stack -Value ' prod' -Confirm:$false } }
        @{ Case = 'a name with a space'; ErrorId = 'InvalidAttributeName'; Script = { Set-EcsAttribute -Cluster fleet -ContainerInstance abc -Name 'my stack' -Confirm:$false } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'ECS Anywhere activations' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear(); New-EcsCluster -Name edge | Out-Null; $script:Proxy.Clear() }
    AfterEach { $script:Proxy.ClearFaults() }

    It 'creates the activation and gives the exact Linux and Windows registration commands, keeping the code out of every stream' {
        # moto lacks SSM CreateActivation: the reply is AWS's documented shape.
        $code = 'Zx9Ab8Cd7Ef6Gh5Ij4Kl'
        $script:Proxy.AddReply('CreateActivation', '{"ActivationId":"e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE","ActivationCode":"' + $code + '"}', 1)
        $expires = [datetime]::UtcNow.AddDays(7)
        $all = New-EcsAnywhereActivation -Cluster edge -IamRole ecsAnywhereRole -RegistrationLimit 10 -ExpirationDate $expires -Description 'store servers' -Verbose -Debug 4>&1 5>&1
        $a = @($all | Where-Object { $_ -is [EcsAdmin.Models.EcsAnywhereActivation] })[0]
        $a.ActivationId | Should -Be 'e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE'
        $a.ActivationCode | Should -BeOfType ([securestring])
        $a.Cluster | Should -Be 'edge'
        $a.RegistrationLimit | Should -Be 10
        $a.GetLinuxCommand() | Should -Be ('curl --proto "https" -o "/tmp/ecs-anywhere-install.sh" "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh" && bash /tmp/ecs-anywhere-install.sh --region "us-east-1" --cluster "edge" --activation-id "e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE" --activation-code "' + $code + '"')
        $a.GetWindowsCommand() | Should -Be ('Invoke-RestMethod -URI "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install.ps1" -OutFile "ecs-anywhere-install.ps1"; .\ecs-anywhere-install.ps1 -Region "us-east-1" -Cluster "edge" -ActivationID "e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE" -ActivationCode "' + $code + '"')
        $sent = (Get-SentBody CreateActivation)[0]
        $sent.IamRole | Should -Be 'ecsAnywhereRole'
        $sent.RegistrationLimit | Should -Be 10
        $sent.Description | Should -Be 'store servers'
        [datetimeoffset]::FromUnixTimeSeconds([long]$sent.ExpirationDate).UtcDateTime | Should -BeGreaterThan $expires.AddSeconds(-2)
        ($all | Out-String) | Should -Not -Match $code
        ($a | Format-List | Out-String) | Should -Not -Match $code
        $script:Proxy.Count('DescribeClusters') | Should -Be 1 -Because 'the cluster is checked first'
    }

    It 'checks the cluster before creating an activation' {
        New-EcsAnywhereActivation -Cluster nowhere -IamRole ecsAnywhereRole -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ClusterNotFound,*'
        $script:Proxy.Count('CreateActivation') | Should -Be 0
    }

    It 'names the cluster and role in -WhatIf and creates nothing' {
        $out = Get-WhatIfText { New-EcsAnywhereActivation -Cluster edge -IamRole ecsAnywhereRole -RegistrationLimit 3 -WhatIf }
        $out | Should -Match 'cluster edge'
        $out | Should -Match 'ecsAnywhereRole'
        $script:Proxy.Requests.Count | Should -Be 0
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'a registration limit of 0'; ErrorId = 'InvalidRegistrationLimit'; Script = { New-EcsAnywhereActivation -Cluster edge -IamRole r -RegistrationLimit 0 } }
        @{ Case = 'an expiry in the past'; ErrorId = 'InvalidExpirationDate'; Script = { New-EcsAnywhereActivation -Cluster edge -IamRole r -ExpirationDate (Get-Date).AddDays(-1) } }
        @{ Case = 'an expiry beyond 30 days'; ErrorId = 'InvalidExpirationDate'; Script = { New-EcsAnywhereActivation -Cluster edge -IamRole r -ExpirationDate (Get-Date).AddDays(31) } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'Account settings' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear() }
    AfterEach { $script:Proxy.ClearFaults() }

    It 'sets a setting for the caller and reads it back (any case in, the model spelling out)' {
        $s = Set-EcsAccountSetting -Name ContainerInsights -Value Enhanced
        $s.Name | Should -Be 'containerInsights'
        $s.Value | Should -Be 'enhanced'
        $s.Scope | Should -Be 'Caller'
        (Get-SentBody PutAccountSetting)[0].PSObject.Properties.Name | Should -Not -Contain 'principalArn'
        $got = @(Get-EcsAccountSetting containerInsights)
        $got.Value | Should -Be 'enhanced'
    }

    It 'matches names with wildcards' {
        Set-EcsAccountSetting fargateTaskRetirementWaitPeriod 14 | Out-Null
        Set-EcsAccountSetting awsvpcTrunking enabled | Out-Null
        (Get-EcsAccountSetting 'fargate*').Name | Should -Be 'fargateTaskRetirementWaitPeriod'
        @(Get-EcsAccountSetting).Count | Should -Be 2
    }

    It 'sets the account default (scripted: moto lacks PutAccountSettingDefault)' {
        $script:Proxy.AddReply('PutAccountSettingDefault', '{"setting":{"name":"containerInsights","value":"enhanced","principalArn":"arn:aws:iam::123456789012:root","type":"user"}}', 1)
        Set-EcsAccountSetting containerInsights enhanced -AccountDefault -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $s = Set-EcsAccountSetting containerInsights enhanced -AccountDefault
        $s.Scope | Should -Be 'AccountDefault'
        $s.PrincipalArn | Should -Be 'arn:aws:iam::123456789012:root'
        Get-MutatingOperation | Should -Be @('PutAccountSettingDefault')
        $sent = (Get-SentBody PutAccountSettingDefault)[0]
        $sent.name | Should -Be 'containerInsights'
        $sent.value | Should -Be 'enhanced'
    }

    It 'asks for the effective settings with -Effective' {
        $script:Proxy.AddReply('ListAccountSettings', '{"settings":[{"name":"containerInsights","value":"disabled","principalArn":"arn:aws:iam::123456789012:root","type":"aws_managed"},{"name":"awsvpcTrunking","value":"disabled","principalArn":"arn:aws:iam::123456789012:root","type":"aws_managed"}]}', 1)
        $got = @(Get-EcsAccountSetting containerInsights -Effective)
        $got | Should -HaveCount 1
        $got[0].Scope | Should -Be 'Effective'
        $got[0].Type | Should -Be 'aws_managed'
        (Get-SentBody ListAccountSettings)[0].effectiveSettings | Should -BeTrue
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'an unknown setting'; ErrorId = 'UnknownAccountSetting'; Script = { Set-EcsAccountSetting containerInsight enabled } }
        @{ Case = 'a value the setting does not take'; ErrorId = 'InvalidAccountSettingValue'; Script = { Set-EcsAccountSetting fargateTaskRetirementWaitPeriod 3 } }
        @{ Case = 'the read-only GuardDuty setting'; ErrorId = 'AccountSettingReadOnly'; Script = { Set-EcsAccountSetting guardDutyActivate on } }
        @{ Case = 'a malformed principal'; ErrorId = 'InvalidPrincipalArn'; Script = { Set-EcsAccountSetting awsvpcTrunking enabled -PrincipalArn 'arn:aws:iam::1:group/x' } }
        @{ Case = 'reading an unknown setting'; ErrorId = 'UnknownAccountSetting'; Script = { Get-EcsAccountSetting nosuchsetting } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'Cloud Map namespaces' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear() }

    It 'creates an HTTP namespace, waiting for the Cloud Map operation' {
        $ns = New-EcsNamespace -Name internal -Description 'service connect'
        $ns | Should -BeOfType ([EcsAdmin.Models.EcsNamespace])
        $ns.Name | Should -Be 'internal'
        $ns.Type | Should -Be 'HTTP'
        $ns.Id | Should -Match '^ns-'
        $ns.OperationId | Should -Not -BeNullOrEmpty
        $script:Proxy.Count('GetOperation') | Should -BeGreaterThan 0
        (Get-SentBody CreateHttpNamespace)[0].CreatorRequestId | Should -Not -BeNullOrEmpty
        (Get-EcsNamespace internal).Id | Should -Be $ns.Id
    }

    It 'creates a private DNS namespace in a VPC' {
        $vpcXml = Invoke-MotoEc2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }
        $vpc = [regex]::Match($vpcXml, '<vpcId>(vpc-[0-9a-f]+)</vpcId>').Groups[1].Value
        $ns = New-EcsNamespace -Name corp.local -Type DnsPrivate -Vpc $vpc
        $ns.Type | Should -Be 'DNS_PRIVATE'
        (Get-SentBody CreatePrivateDnsNamespace)[0].Vpc | Should -Be $vpc
        @(Get-EcsNamespace -Type DnsPrivate).Name | Should -Be 'corp.local'
        @(Get-EcsNamespace -Type Http) | Should -BeNullOrEmpty
    }

    It 'lists by pattern, reports a missing name, and deletes by name' {
        New-EcsNamespace -Name team-a | Out-Null
        New-EcsNamespace -Name team-b | Out-Null
        New-EcsNamespace -Name other | Out-Null
        (Get-EcsNamespace 'team-*').Name | Sort-Object | Should -Be @('team-a', 'team-b')
        Get-EcsNamespace gone -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NamespaceNotFound,*'
        $script:Proxy.Clear()
        Remove-EcsNamespace team-a -WhatIf
        Get-MutatingOperation | Should -BeNullOrEmpty
        $removed = Remove-EcsNamespace team-a -Force -PassThru
        $removed.Name | Should -Be 'team-a'
        Get-MutatingOperation | Should -Be @('DeleteNamespace')
        Get-EcsNamespace 'team-*' | Remove-EcsNamespace -Force
        (Get-EcsNamespace).Name | Should -Be 'other'
    }

    It 'makes a namespace the default Service Connect namespace of a new and an existing cluster' {
        $ns = New-EcsNamespace -Name internal
        $c = New-EcsCluster -Name sc -ServiceConnectNamespace internal
        (Get-SentBody CreateCluster)[0].serviceConnectDefaults.namespace | Should -Be 'internal'
        $c.ServiceConnectNamespace | Should -Not -BeNullOrEmpty
        Set-EcsCluster sc -ServiceConnectNamespace $ns.Arn | Out-Null
        $upd = (Get-SentBody UpdateCluster)[0]
        $upd.serviceConnectDefaults.namespace | Should -Be $ns.Arn
        $upd.PSObject.Properties.Name | Should -Not -Contain 'settings'
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'a private DNS namespace without a VPC'; ErrorId = 'VpcRequired'; Script = { New-EcsNamespace -Name corp.local -Type DnsPrivate } }
        @{ Case = 'a VPC on an HTTP namespace'; ErrorId = 'VpcNotApplicable'; Script = { New-EcsNamespace -Name internal -Vpc vpc-0123abcd } }
        @{ Case = 'a DNS name with an empty label'; ErrorId = 'InvalidNamespaceName'; Script = { New-EcsNamespace -Name 'corp..local' -Type DnsPrivate -Vpc vpc-0123abcd } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'EC2 services and placement' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear()
        $script:Fx = New-FleetFixture -Cluster fleet -Count 2
        # Task definitions for the network-mode rules: awsvpc with a hostPort that differs, host, and a good awsvpc one.
        foreach ($definition in @(
            @{ family = 'web-ec2'; requiresCompatibilities = @('EC2'); networkMode = 'bridge'; containerDefinitions = @(@{ name = 'web'; image = 'nginx'; memory = 256; portMappings = @(@{ containerPort = 80; hostPort = 0 }) }) }
            @{ family = 'vpc-bad'; requiresCompatibilities = @('EC2'); networkMode = 'awsvpc'; containerDefinitions = @(@{ name = 'web'; image = 'nginx'; memory = 256; portMappings = @(@{ containerPort = 8080; hostPort = 80 }) }) }
            @{ family = 'vpc-ok'; requiresCompatibilities = @('EC2'); networkMode = 'awsvpc'; containerDefinitions = @(@{ name = 'web'; image = 'nginx'; memory = 256; portMappings = @(@{ containerPort = 8080; hostPort = 8080 }) }) }
            @{ family = 'host-two'; requiresCompatibilities = @('EC2'); networkMode = 'host'; containerDefinitions = @(
                @{ name = 'a'; image = 'nginx'; memory = 128; portMappings = @(@{ containerPort = 80 }) }
                @{ name = 'b'; image = 'nginx'; memory = 128; portMappings = @(@{ containerPort = 80 }) }) }
        )) { $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition' $definition }
        $script:Proxy.Clear()
    }

    It 'creates the seed''s placed service as written (binpack memory, spread by zone, memberOf t3)' {
        $s = New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -DesiredCount 2 `
            -PlacementStrategy 'binpack memory', 'spread attribute:ecs.availability-zone' -PlacementConstraint 'memberOf attribute:ecs.instance-type =~ t3.*'
        $s | Should -BeOfType ([EcsAdmin.Models.EcsService])
        $s.Service | Should -Be 'web'
        $s.LaunchType | Should -Be 'EC2'
        $sent = Get-SentBody CreateService
        $sent | Should -HaveCount 1
        $sent[0].launchType | Should -Be 'EC2'
        ($sent[0].placementStrategy | ForEach-Object { "$($_.type)/$($_.field)" }) | Should -Be @('binpack/memory', 'spread/attribute:ecs.availability-zone')
        $sent[0].placementConstraints[0].type | Should -Be 'memberOf'
        $sent[0].placementConstraints[0].expression | Should -Be 'attribute:ecs.instance-type =~ t3.*'
        $sent[0].PSObject.Properties.Name | Should -Not -Contain 'networkConfiguration' -Because 'a bridge task definition takes no awsvpc configuration'
        (Get-EcsService -Cluster fleet web).PlacementStrategy.Count | Should -BeIn @(0, 2) -Because 'moto may drop placement; the request above is what counts'
    }

    It 'sends the seed''s placement JSON exactly as the AWS shape has it' {
        $json = '{"placementStrategy":[{"type":"binpack","field":"memory"},{"type":"spread","field":"attribute:ecs.availability-zone"}],"placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.instance-type =~ t3.*"}]}'
        New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -PlacementStrategy $json -PlacementConstraint $json | Out-Null
        $sent = (Get-SentBody CreateService)[0]
        ($sent.placementStrategy | ConvertTo-Json -Compress) | Should -Be (($json | ConvertFrom-Json).placementStrategy | ConvertTo-Json -Compress)
        ($sent.placementConstraints | ConvertTo-Json -Compress) | Should -Be (($json | ConvertFrom-Json).placementConstraints | ConvertTo-Json -Compress)
    }

    It 'runs on an Auto Scaling group capacity provider associated through the seed''s commands' {
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $AsgArn -TargetCapacity 90 -ManagedTerminationProtection ENABLED | Out-Null
        Set-EcsCluster fleet -CapacityProvider asg-web -DefaultCapacityProviderStrategy 'asg-web:1:1' | Out-Null
        $script:Proxy.Clear()
        New-EcsService -Cluster fleet -Name api -TaskDefinition web-ec2 -CapacityProviderStrategy 'asg-web:1:1' -PlacementConstraint distinctInstance | Out-Null
        $sent = (Get-SentBody CreateService)[0]
        $sent.capacityProviderStrategy[0].capacityProvider | Should -Be 'asg-web'
        $sent.capacityProviderStrategy[0].base | Should -Be 1
        $sent.PSObject.Properties.Name | Should -Not -Contain 'launchType'
        $sent.placementConstraints[0].type | Should -Be 'distinctInstance'
    }

    It 'creates a DAEMON service without a desired count' {
        New-EcsService -Cluster fleet -Name agent -TaskDefinition web-ec2 -LaunchType EC2 -SchedulingStrategy DAEMON -PlacementConstraint 'memberOf:attribute:ecs.os-type == linux' | Out-Null
        $sent = (Get-SentBody CreateService)[0]
        $sent.schedulingStrategy | Should -Be 'DAEMON'
        $sent.PSObject.Properties.Name | Should -Not -Contain 'desiredCount'
    }

    It 'sends the awsvpc configuration for an awsvpc EC2 task definition' {
        $net = New-MotoSubnet
        $script:Proxy.Clear()
        New-EcsService -Cluster fleet -Name vpc -TaskDefinition vpc-ok -LaunchType EC2 -Subnet $net.Subnet -SecurityGroup $net.SecurityGroup | Out-Null
        $sent = (Get-SentBody CreateService)[0]
        $sent.networkConfiguration.awsvpcConfiguration.subnets | Should -Be @($net.Subnet)
        $sent.networkConfiguration.awsvpcConfiguration.securityGroups | Should -Be @($net.SecurityGroup)
        (Get-EcsService -Cluster fleet vpc).NetworkConfiguration.Subnets | Should -Be @($net.Subnet)
    }

    It 'runs a task on EC2 with placement' {
        $t = @(Start-EcsTask -Cluster fleet -TaskDefinition fleet-app -LaunchType EC2 -PlacementStrategy random -PlacementConstraint distinctInstance)
        $t | Should -HaveCount 1
        $sent = (Get-SentBody RunTask)[0]
        $sent.launchType | Should -Be 'EC2'
        $sent.placementStrategy[0].type | Should -Be 'random'
        $sent.placementConstraints[0].type | Should -Be 'distinctInstance'
        $sent.PSObject.Properties.Name | Should -Not -Contain 'networkConfiguration'
    }

    It '-WhatIf names the service and cluster and creates nothing' {
        $out = Get-WhatIfText { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -PlacementStrategy binpack:cpu -WhatIf }
        $out | Should -Match 'web \(cluster fleet, web-ec2\)'
        Get-MutatingOperation | Should -BeNullOrEmpty
    }

    It 'checks the port mappings against the network mode before CreateService (<Case>)' -ForEach @(
        @{ Case = 'awsvpc hostPort differs'; Td = 'vpc-bad'; Extra = @{ Subnet = 'subnet-0a1b2c3d' }; ErrorId = 'HostPortMismatch' }
        @{ Case = 'host mode maps port 80 twice'; Td = 'host-two'; Extra = @{}; ErrorId = 'HostPortConflict' }
        @{ Case = 'awsvpc without subnets'; Td = 'vpc-ok'; Extra = @{}; ErrorId = 'SubnetRequired' }
        @{ Case = 'subnets for a bridge task definition'; Td = 'web-ec2'; Extra = @{ Subnet = 'subnet-0a1b2c3d' }; ErrorId = 'NetworkConfigurationNotAwsvpc' }
    ) {
        $ErrorActionPreference = 'Continue'
        $err = @(New-EcsService -Cluster fleet -Name web -TaskDefinition $Td -LaunchType EC2 @Extra 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-MutatingOperation | Should -BeNullOrEmpty
        $script:Proxy.Count('DescribeTaskDefinition') | Should -Be 1
    }
}

# Refused before any request: these need no cluster, instances or task definitions in moto, so they skip the
# fixture the block above builds for every test.
Describe 'EC2 services and placement: refused locally' {
    BeforeEach { $script:Proxy.ClearFaults() }

    It 'refuses a bad placement expression before any request, naming the position (<Case>)' -ForEach @(
        @{ Case = 'a missing operator'; Expression = 'attribute:ecs.instance-type t3.*'; Position = 29 }
        @{ Case = 'an unknown subject'; Expression = 'instanceType == t3.micro'; Position = 1 }
        @{ Case = 'an unclosed list'; Expression = 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b'; Position = 59 }
        @{ Case = 'a dangling and'; Expression = 'attribute:stack == prod and'; Position = 28 }
    ) {
        $expr = $Expression
        Assert-RefusedLocally { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -PlacementConstraint "memberOf:$expr" } 'InvalidPlacementExpression'
        New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -PlacementConstraint "memberOf:$expr" -ErrorAction SilentlyContinue -ErrorVariable errs
        $err = $errs[0]
        $err.Exception.Message | Should -Match "at position $Position\b"
        $err.TargetObject | Should -Be $expr
        Assert-RefusedLocally { Start-EcsTask -Cluster fleet -TaskDefinition fleet-app -LaunchType EC2 -PlacementConstraint "memberOf:$expr" } 'InvalidPlacementExpression'
        Assert-RefusedLocally { Update-EcsService -Cluster fleet -Name web -PlacementConstraint "memberOf:$expr" } 'InvalidPlacementExpression'
    }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'placement on Fargate'; ErrorId = 'PlacementOnFargate'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType FARGATE -Subnet subnet-0a1b2c3d -SecurityGroup sg-0a1b2c3d -PlacementStrategy binpack:memory } }
        @{ Case = 'placement on the Fargate front door'; ErrorId = 'PlacementOnFargate'; Script = { New-EcsFargateService -Cluster fleet -Name web -TaskDefinition web-ec2 -Subnet subnet-0a1b2c3d -SecurityGroup sg-0a1b2c3d -PlacementConstraint distinctInstance } }
        @{ Case = 'binpack by disk'; ErrorId = 'InvalidPlacementStrategy'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -PlacementStrategy binpack:disk } }
        @{ Case = 'a daemon with a desired count'; ErrorId = 'DaemonDesiredCount'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EC2 -SchedulingStrategy DAEMON -DesiredCount 3 } }
        @{ Case = 'a daemon on Fargate'; ErrorId = 'DaemonOnFargate'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType FARGATE -SchedulingStrategy DAEMON -Subnet subnet-0a1b2c3d -SecurityGroup sg-0a1b2c3d } }
        @{ Case = 'Fargate and ASG providers mixed'; ErrorId = 'CapacityProviderStrategyMixed'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -CapacityProviderStrategy 'FARGATE:1', 'asg-web:1' } }
        @{ Case = 'awsvpc settings on EXTERNAL'; ErrorId = 'NetworkConfigurationNotAwsvpc'; Script = { New-EcsService -Cluster fleet -Name web -TaskDefinition web-ec2 -LaunchType EXTERNAL -Subnet subnet-0a1b2c3d } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'Update-EcsService changes what admins change' {
    BeforeEach {
        Reset-MotoServer -Server $script:Moto; $script:Proxy.ClearFaults(); $script:Proxy.Clear()
        $script:Fx = New-FleetFixture -Cluster fleet -Count 1
        $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition' @{
            family = 'vpc-ok'; requiresCompatibilities = @('EC2'); networkMode = 'awsvpc'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx'; memory = 256; portMappings = @(@{ containerPort = 8080; name = 'http' }) })
        }
        $script:Net = New-MotoSubnet
        $null = Invoke-MotoJson ecs 'AmazonEC2ContainerServiceV20141113.CreateService' @{
            cluster = 'fleet'; serviceName = 'web'; taskDefinition = 'vpc-ok'; desiredCount = 1; launchType = 'EC2'
            networkConfiguration = @{ awsvpcConfiguration = @{ subnets = @($Net.Subnet); securityGroups = @($Net.SecurityGroup); assignPublicIp = 'DISABLED' } }
        }
        $script:Proxy.Clear()
        $script:Tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef'
        $script:Registry = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef'
    }

    It 'changes the placement (and @() removes it)' {
        Update-EcsService -Cluster fleet -Name web -PlacementStrategy 'spread:attribute:ecs.availability-zone', 'binpack:memory' -PlacementConstraint 'memberOf:attribute:stack == prod' | Out-Null
        Update-EcsService -Cluster fleet -Name web -PlacementStrategy @() -PlacementConstraint @() | Out-Null
        $sent = Get-SentBody UpdateService
        ($sent[0].placementStrategy | ForEach-Object { "$($_.type)/$($_.field)" }) | Should -Be @('spread/attribute:ecs.availability-zone', 'binpack/memory')
        $sent[0].placementConstraints[0].expression | Should -Be 'attribute:stack == prod'
        $sent[0].PSObject.Properties.Name | Should -Not -Contain 'forceNewDeployment'
        @($sent[1].placementStrategy).Count | Should -Be 0
        $sent[1].PSObject.Properties.Name | Should -Contain 'placementStrategy' -Because 'an empty list removes the strategies'
    }

    It 'changes the network configuration, keeping what was not given' {
        Update-EcsService -Cluster fleet -Name web -SecurityGroup sg-99999999 -AssignPublicIp | Out-Null
        $vpc = (Get-SentBody UpdateService)[0].networkConfiguration.awsvpcConfiguration
        $vpc.subnets | Should -Be @($Net.Subnet) -Because 'the current subnets are kept'
        $vpc.securityGroups | Should -Be @('sg-99999999')
        $vpc.assignPublicIp | Should -Be 'ENABLED'
    }

    It 'changes the load balancers and the service registries' {
        Update-EcsService -Cluster fleet -Name web -LoadBalancer @{ TargetGroupArn = $Tg; ContainerName = 'web'; ContainerPort = 8080 } -ServiceRegistry $Registry | Out-Null
        $sent = (Get-SentBody UpdateService)[0]
        $sent.loadBalancers[0].targetGroupArn | Should -Be $Tg
        $sent.loadBalancers[0].containerPort | Should -Be 8080
        $sent.serviceRegistries[0].registryArn | Should -Be $Registry
    }

    It 'turns Service Connect on, and off' {
        Update-EcsService -Cluster fleet -Name web -ServiceConnectNamespace internal -ServiceConnectPortName http -ServiceConnectClientAlias 'web.internal:80' | Out-Null
        Update-EcsService -Cluster fleet -Name web -DisableServiceConnect | Out-Null
        $sent = Get-SentBody UpdateService
        $sent[0].serviceConnectConfiguration.enabled | Should -BeTrue
        $sent[0].serviceConnectConfiguration.namespace | Should -Be 'internal'
        $sent[0].serviceConnectConfiguration.services[0].portName | Should -Be 'http'
        $sent[0].serviceConnectConfiguration.services[0].clientAliases[0].dnsName | Should -Be 'web.internal'
        $sent[1].serviceConnectConfiguration.enabled | Should -BeFalse
    }

    It 'moves to an Auto Scaling group strategy with the forced new deployment ECS requires, said in -WhatIf' {
        $out = Get-WhatIfText { Update-EcsService -Cluster fleet -Name web -CapacityProviderStrategy 'asg-web:1:1' -PlacementStrategy binpack:memory -WhatIf }
        $out | Should -Match 'web \(cluster fleet\)'
        $out | Should -Match 'capacity provider strategy asg-web:1:1 with a forced new deployment'
        $out | Should -Match 'placement strategy binpack:memory'
        Get-MutatingOperation | Should -BeNullOrEmpty
        Update-EcsService -Cluster fleet -Name web -CapacityProviderStrategy 'asg-web:1:1' | Out-Null
        $sent = (Get-SentBody UpdateService)[0]
        $sent.capacityProviderStrategy[0].capacityProvider | Should -Be 'asg-web'
        $sent.forceNewDeployment | Should -BeTrue
    }

    It 'lists network, load balancer and Service Connect changes in -WhatIf' {
        $out = Get-WhatIfText { Update-EcsService -Cluster fleet -Name web -Subnet subnet-11111111 -LoadBalancer @() -DisableServiceConnect -WhatIf }
        $out | Should -Match 'network configuration subnets subnet-11111111'
        $out | Should -Match 'remove the load balancers'
        $out | Should -Match 'turn Service Connect off'
        Get-MutatingOperation | Should -BeNullOrEmpty
    }

}

Describe 'Update-EcsService: refused locally' {
    BeforeEach { $script:Proxy.ClearFaults() }

    It 'refuses <Case> before any request' -ForEach @(
        @{ Case = 'Service Connect on and off at once'; ErrorId = 'ServiceConnectConflict'; Script = { Update-EcsService -Cluster fleet -Name web -ServiceConnectNamespace internal -DisableServiceConnect } }
        @{ Case = 'a load balancer without a port'; ErrorId = 'InvalidLoadBalancer'; Script = { Update-EcsService -Cluster fleet -Name web -LoadBalancer @{ TargetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1'; ContainerName = 'web' } } }
        @{ Case = 'a malformed subnet'; ErrorId = 'InvalidSubnet'; Script = { Update-EcsService -Cluster fleet -Name web -Subnet 'net-1' } }
        @{ Case = 'a spread without a field'; ErrorId = 'InvalidPlacementStrategy'; Script = { Update-EcsService -Cluster fleet -Name web -PlacementStrategy spread } }
    ) {
        Assert-RefusedLocally $Script $ErrorId
    }
}

Describe 'Completion of fleet names' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $script:Proxy.ClearFaults()
        $script:Cfx = New-FleetFixture -Cluster complete -Count 1
        New-EcsCapacityProvider -Name cmpl-web -AutoScalingGroupArn $AsgArn | Out-Null
        New-EcsNamespace -Name cmpl-ns | Out-Null
        Set-EcsAttribute -Cluster complete -ContainerInstance $Cfx.Ids[0] -Name cmpl-attr -Value x -Confirm:$false | Out-Null
    }

    It 'completes <Line>' -ForEach @(
        @{ Line = 'Get-EcsContainerInstance -Cluster complete -ContainerInstance '; Expect = 'instance' }
        @{ Line = 'Get-EcsAttribute -Cluster complete -Name cmpl'; Expect = 'cmpl-attr' }
        @{ Line = 'Get-EcsNamespace -Name cmpl'; Expect = 'cmpl-ns' }
        @{ Line = 'Set-EcsAccountSetting -Name fargateT'; Expect = 'fargateTaskRetirementWaitPeriod' }
        @{ Line = 'Set-EcsAccountSetting -Name fargateTaskRetirementWaitPeriod -Value '; Expect = '0,7,14' }
    ) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        $texts = @($r.CompletionMatches.CompletionText)
        switch ($Expect) {
            'instance' { $texts | Should -Be @($Cfx.Ids[0]) }
            '0,7,14' { $texts | Should -Be @('0', '7', '14') }
            default { $texts | Should -Be @($Expect) }
        }
    }
}
