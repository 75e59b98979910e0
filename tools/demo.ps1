#Requires -Version 7.2
<#
.SYNOPSIS
    A guided tour of EcsAdmin against a local moto_server (build.ps1 -Task Demo runs it in a fresh pwsh).

.DESCRIPTION
    The harness starts moto_server on a free loopback port with the test helpers, points fake AWS credentials
    and AWS_ENDPOINT_URL at it (your ~/.aws is never read), imports the built module, runs the tour, and always
    stops moto. Add tour steps in the section marked `# --- tour ---`, each through Invoke-TourStep so one
    failing step prints a clear message instead of ending the tour.
#>
[CmdletBinding()]
param(
    # The built manifest; default: $env:EcsAdminTestModulePath or out/EcsAdmin/<version>/EcsAdmin.psd1.
    [string] $ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
if ($ModulePath) { $env:EcsAdminTestModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }

$script:StepFailures = 0
function Invoke-TourStep {
    # Prints the step's title and code, runs it, shows its output; a failure is reported and the tour goes on.
    param([Parameter(Mandatory)] [string] $Title, [Parameter(Mandatory)] [scriptblock] $Script)
    Write-Host ''
    Write-Host "### $Title"
    Write-Host ("PS> " + $Script.ToString().Trim())
    try {
        & $Script | Out-Host
    } catch {
        $script:StepFailures++
        Write-Host "!! step failed: $($_.Exception.Message)"
    }
}

$moto = $null
$envSnapshot = $null
try {
    $moto = Start-MotoServer
    Write-Host "moto_server: $($moto.Url) (log: $($moto.LogPath))"
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $moto.Url -Region 'us-east-1'
    Import-EcsAdminUnderTest
    $m = Get-Module EcsAdmin
    Write-Host "EcsAdmin $($m.Version) from $($m.ModuleBase)"

    # --- tour ---
    Invoke-TourStep 'The session EcsAdmin resolves, and where each value came from' { Get-EcsSession | Format-List }
    Invoke-TourStep 'Create a Fargate cluster that prefers Spot (one task always on regular Fargate)' {
        New-EcsCluster -Name demo -CapacityProvider FARGATE, FARGATE_SPOT -ContainerInsights enabled -Tag @{ env = 'demo' } `
            -DefaultCapacityProviderStrategy @{ CapacityProvider = 'FARGATE_SPOT'; Weight = 4 }, @{ CapacityProvider = 'FARGATE'; Weight = 1; Base = 1 }
    }
    Invoke-TourStep 'Two more clusters, then list by wildcard' {
        'pr-101', 'pr-102' | New-EcsCluster | Out-Null
        Get-EcsCluster
    }
    Invoke-TourStep 'Preview, then remove, the pull-request clusters' {
        Get-EcsCluster 'pr-*' | Remove-EcsCluster -WhatIf
        Get-EcsCluster 'pr-*' | Remove-EcsCluster -Force -PassThru
    }
    Invoke-TourStep 'Register a web task definition from parameters' {
        Register-EcsTaskDefinition -Family web -Image public.ecr.aws/nginx/nginx:1.27 -Port 80 -Cpu 512 -Memory 1GB -LogGroup /ecs/web
    }
    Invoke-TourStep 'A size Fargate does not offer is refused before any request' {
        Register-EcsTaskDefinition -Family web -Image nginx -Cpu 256 -Memory 4096 -ErrorAction Continue 2>&1 | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    }
    Invoke-TourStep 'Register from a hashtable (the same fields as aws ecs register-task-definition --cli-input-json)' {
        @{ family = 'worker'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '1024'; memory = '2048'
           containerDefinitions = @(@{ name = 'worker'; image = 'busybox'; command = @('sleep', '3600') }) } | Register-EcsTaskDefinition
    }
    Invoke-TourStep 'Task definitions: latest of each family, then every family name' {
        Get-EcsTaskDefinition
        Get-EcsTaskDefinition -ListFamilies
    }
    Invoke-TourStep 'A network for the service (in AWS: your VPC''s subnets; here moto''s EC2)' {
        function Invoke-MotoEc2([hashtable] $Body) {
            $Body.Version = '2016-11-15'
            $auth = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00' }
            [xml] (Invoke-WebRequest -Method Post -Uri $moto.Url -Body $Body -Headers $auth -ContentType 'application/x-www-form-urlencoded').Content
        }
        $vpc = (Invoke-MotoEc2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }).CreateVpcResponse.vpc.vpcId
        $null = Invoke-MotoEc2 @{ Action = 'ModifyVpcAttribute'; VpcId = $vpc; 'EnableDnsHostnames.Value' = 'true' }
        $script:Subnet = (Invoke-MotoEc2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }).CreateSubnetResponse.subnet.subnetId
        $script:SecurityGroup = (Invoke-MotoEc2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'web'; GroupDescription = 'web' }).CreateSecurityGroupResponse.groupId
        "subnet $script:Subnet, security group $script:SecurityGroup"
    }
    Invoke-TourStep 'Create a Fargate service: Spot-first, circuit breaker with rollback on, ECS Exec enabled' {
        New-EcsFargateService -Cluster demo -Name web -TaskDefinition web -DesiredCount 2 -Subnet $script:Subnet -SecurityGroup $script:SecurityGroup `
            -CapacityProviderStrategy 'FARGATE_SPOT:4', 'FARGATE:1:1' -EnableExecuteCommand
    }
    Invoke-TourStep 'Deploy a new image: a new revision is registered from the current one and rolled out' {
        Update-EcsService -Cluster demo -Name web -Image @{ web = 'public.ecr.aws/nginx/nginx:1.28' } | Format-List Service, TaskDefinition, DesiredCount, Deployments
    }
    Invoke-TourStep 'Services, then a one-off task (placed by the cluster''s Spot-first strategy) and the cluster''s tasks' {
        Get-EcsService -Cluster demo
        $report = @{ family = 'report'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'report'; image = 'busybox'; memory = 512; command = @('sh', '-c', 'echo report done')
                logConfiguration = @{ logDriver = 'awslogs'; options = @{ 'awslogs-group' = '/ecs/report'; 'awslogs-region' = 'us-east-1'; 'awslogs-stream-prefix' = 'ecs' } } }) }
        $null = $report | Register-EcsTaskDefinition
        $script:Task = Start-EcsTask -Cluster demo -TaskDefinition report -Subnet $script:Subnet -SecurityGroup $script:SecurityGroup | Select-Object -First 1
        Get-EcsTask -Cluster demo
    }
    Invoke-TourStep 'Auto scaling in one declarative call: min 1, max 10, CPU target 70, cooldowns 300' {
        Set-EcsScaling -Cluster demo -Service web -MinCapacity 1 -MaxCapacity 10 -TargetCpuPercent 70 -ScaleOutCooldownSec 300 -ScaleInCooldownSec 300
    }
    Invoke-TourStep 'Running it again changes nothing (-WhatIf lists no change)' {
        Set-EcsScaling -Cluster demo -Service web -MinCapacity 1 -MaxCapacity 10 -TargetCpuPercent 70 -ScaleOutCooldownSec 300 -ScaleInCooldownSec 300 -WhatIf
        'changes planned: ' + @(Set-EcsScaling -Cluster demo -Service web -MinCapacity 1 -MaxCapacity 10 -TargetCpuPercent 70 -ScaleOutCooldownSec 300 -ScaleInCooldownSec 300 -PassThru).Count
    }
    Invoke-TourStep 'Alarms on CPU > 80 and memory > 85' {
        New-EcsServiceAlarm -Cluster demo -Service web -Metric Cpu -Threshold 80
        New-EcsServiceAlarm -Cluster demo -Service web -Metric Memory -Threshold 85
    }
    Invoke-TourStep 'Two services in a shop cluster, with 14 days of CPU and memory peaks (moto has no ECS metrics: put into its CloudWatch)' {
        $null = New-EcsCluster -Name shop
        $null = New-EcsFargateService -Cluster shop -Name api -TaskDefinition worker -DesiredCount 3 -Subnet $script:Subnet -SecurityGroup $script:SecurityGroup
        $null = New-EcsFargateService -Cluster shop -Name cart -TaskDefinition web -DesiredCount 2 -Subnet $script:Subnet -SecurityGroup $script:SecurityGroup
        $cw = @{ 'X-Amz-Target' = 'GraniteServiceVersion20100801.PutMetricData'; 'x-amzn-query-mode' = 'true'
                 Authorization = 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00' }
        $now = [DateTimeOffset]::UtcNow
        # api (1 vCPU / 2 GiB) peaks at 9% CPU and 14% memory; cart (0.5 vCPU / 1 GiB) at 70% CPU and 95% memory.
        foreach ($m in @('api', 'CPUUtilization', 5, 9), @('api', 'MemoryUtilization', 12, 14), @('cart', 'CPUUtilization', 40, 70), @('cart', 'MemoryUtilization', 80, 95)) {
            $data = foreach ($h in 1..335) { @{ MetricName = $m[1]; Unit = 'Percent'; Timestamp = $now.AddHours(-$h).ToUnixTimeSeconds(); Value = $(if ($h % 72 -eq 12) { $m[3] } else { $m[2] })
                      Dimensions = @(@{ Name = 'ClusterName'; Value = 'shop' }, @{ Name = 'ServiceName'; Value = $m[0] }) } }
            $null = Invoke-RestMethod -Method Post -Uri $moto.Url -Headers $cw -ContentType 'application/x-amz-json-1.0' -Body (@{ Namespace = 'AWS/ECS'; MetricData = @($data) } | ConvertTo-Json -Depth 6 -Compress)
        }
        'api: 3 tasks, cart: 2 tasks; 335 hourly points per metric'
    }
    Invoke-TourStep 'Right-sizing: the peaks as vCPU and MiB, the smallest Fargate size with 20% headroom, the monthly cost now and after, Spot' {
        Get-EcsRightSizing -Cluster shop | Format-Table | Out-String -Width 200
        (Get-EcsRightSizing -Cluster shop -Service cart).Reason
    }
    Invoke-TourStep 'The cluster in one line, then the resizes previewed (-WhatIf sends nothing)' {
        Get-EcsRightSizing -Cluster shop -Summary | Format-Table | Out-String -Width 200
        Get-EcsRightSizing -Cluster shop | Update-EcsService -WhatIf
    }
    Invoke-TourStep 'Is everything healthy? One verdict per service, with its reasons' {
        Get-EcsCluster | Get-EcsServiceHealth
        Get-EcsServiceHealth -Cluster demo -Service web | Select-Object -ExpandProperty Reasons
    }
    Invoke-TourStep 'Container logs from the task definition''s awslogs settings' {
        $task = $script:Task
        $logs = @{ 'X-Amz-Target' = ''; Authorization = 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00' }
        function Invoke-MotoLogs([string] $Op, [hashtable] $Body) {
            $logs['X-Amz-Target'] = "Logs_20140328.$Op"
            $null = Invoke-RestMethod -Method Post -Uri $moto.Url -Headers $logs -ContentType 'application/x-amz-json-1.1' -Body ($Body | ConvertTo-Json -Depth 5)
        }
        $stream = "ecs/report/$($task.TaskId)"
        Invoke-MotoLogs CreateLogGroup @{ logGroupName = '/ecs/report' }
        Invoke-MotoLogs CreateLogStream @{ logGroupName = '/ecs/report'; logStreamName = $stream }
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        Invoke-MotoLogs PutLogEvents @{ logGroupName = '/ecs/report'; logStreamName = $stream; logEvents = @(
            @{ timestamp = $now - 2000; message = 'report started' }, @{ timestamp = $now - 1000; message = 'report done' }) }
        Get-EcsLog -Cluster demo -TaskId $task.TaskId -Since (Get-Date).AddMinutes(-5)
    }
    Invoke-TourStep 'ECS Exec without the session-manager-plugin: output and exit code as data' {
        & (Join-Path $PSScriptRoot 'demo-exec.ps1') -MotoUrl $moto.Url
    }
    # --- fleet: EC2 capacity, container instances, ECS Anywhere, account settings, Cloud Map ---
    Invoke-TourStep 'An EC2 cluster with an Auto Scaling group capacity provider as its default strategy' {
        $asg = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0:autoScalingGroupName/ec2-web'
        New-EcsCapacityProvider -Name asg-web -AutoScalingGroupArn $asg -TargetCapacity 90 -MinimumScalingStepSize 1 -MaximumScalingStepSize 4 `
            -ManagedTerminationProtection ENABLED -ManagedDraining ENABLED
        New-EcsCluster -Name ec2 | Out-Null
        Set-EcsCluster ec2 -CapacityProvider asg-web -DefaultCapacityProviderStrategy 'asg-web:1:1'
    }
    Invoke-TourStep 'Two EC2 instances join the cluster (in AWS: the group launches them; here moto''s EC2 and ECS APIs)' {
        $auth = 'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/{0}/aws4_request, SignedHeaders=host, Signature=00'
        $run = (Invoke-WebRequest -Method Post -Uri $moto.Url -Headers @{ Authorization = ($auth -f 'ec2') } -ContentType 'application/x-www-form-urlencoded' `
            -Body @{ Action = 'RunInstances'; Version = '2016-11-15'; ImageId = 'ami-12c6146b'; MinCount = 2; MaxCount = 2; InstanceType = 't3.medium' }).Content
        foreach ($id in [regex]::Matches($run, '<instanceId>(i-[0-9a-f]+)</instanceId>') | ForEach-Object { $_.Groups[1].Value }) {
            $doc = @{ instanceId = $id; region = 'us-east-1'; availabilityZone = 'us-east-1a'; instanceType = 't3.medium' } | ConvertTo-Json -Compress
            $null = Invoke-RestMethod -Method Post -Uri $moto.Url -ContentType 'application/x-amz-json-1.1' -Body (@{ cluster = 'ec2'; instanceIdentityDocument = $doc } | ConvertTo-Json) `
                -Headers @{ 'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.RegisterContainerInstance'; Authorization = ($auth -f 'ecs') }
        }
        Get-EcsContainerInstance -Cluster ec2
    }
    Invoke-TourStep 'Mark an instance for placement (attribute stack = prod)' {
        $script:Instances = @(Get-EcsContainerInstance -Cluster ec2)
        $script:Instances[0] | Set-EcsAttribute -Name stack -Value prod -Confirm:$false
    }
    Invoke-TourStep 'A placed EC2 service: binpack memory, spread over zones, only t3 instances of the prod stack (bridge networking, dynamic host ports)' {
        @{ family = 'web-ec2'; networkMode = 'bridge'; requiresCompatibilities = @('EC2')
           containerDefinitions = @(@{ name = 'web'; image = 'public.ecr.aws/nginx/nginx:1.27'; memory = 256; portMappings = @(@{ containerPort = 80; hostPort = 0 }) }) } |
            Register-EcsTaskDefinition | Out-Null
        New-EcsService -Cluster ec2 -Name web -TaskDefinition web-ec2 -LaunchType EC2 -DesiredCount 2 `
            -PlacementStrategy 'binpack:memory', 'spread:attribute:ecs.availability-zone' `
            -PlacementConstraint 'memberOf:attribute:ecs.instance-type =~ t3.* and attribute:stack == prod'
    }
    Invoke-TourStep 'A placement expression with a mistake is refused before any request, with the position of the error' {
        New-EcsService -Cluster ec2 -Name web2 -TaskDefinition web-ec2 -LaunchType EC2 -PlacementConstraint 'memberOf:attribute:stack = prod' -ErrorAction Continue 2>&1 |
            ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
    }
    Invoke-TourStep 'Move the service to the Auto Scaling group provider, spread by instance (-WhatIf says the forced new deployment)' {
        Update-EcsService -Cluster ec2 -Name web -CapacityProviderStrategy 'asg-web:1:1' -PlacementStrategy 'spread:instanceId' -WhatIf
    }
    Invoke-TourStep 'Drain the other instance and wait for its tasks to be gone' {
        $script:Instances[1] | Set-EcsContainerInstance -Status DRAINING -Wait | Format-Table ContainerInstanceId, Status, RunningTasksCount, PendingTasksCount
    }
    Invoke-TourStep 'Container Insights with enhanced observability as the account default (preview), and the setting for this identity' {
        Set-EcsAccountSetting containerInsights enhanced -AccountDefault -WhatIf
        Set-EcsAccountSetting containerInsights enhanced
    }
    Invoke-TourStep 'A Cloud Map namespace as the cluster''s default Service Connect namespace' {
        New-EcsNamespace -Name internal
        Set-EcsCluster ec2 -ServiceConnectNamespace internal | Format-List Cluster, CapacityProviders, DefaultCapacityProviderStrategy, ServiceConnectNamespace
    }
    # --- end of tour ---
} finally {
    Stop-MotoServer $moto
    Restore-AwsEnvironment $envSnapshot
}

Write-Host ''
if ($script:StepFailures -gt 0) {
    Write-Host "demo: $($script:StepFailures) step(s) failed"
    exit 1
}
Write-Host 'demo: all steps ran'
