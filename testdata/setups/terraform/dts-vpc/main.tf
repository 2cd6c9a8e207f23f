# Seed 004: DTS migrates a self-managed database that account A
# (1111111111111111) reaches over Express Connect; account B
# (2222222222222222) creates the task. A's role trusts B's root and B's DTS
# service and has AliyunDTSRolePolicy and AliyunVPCReadOnlyAccess; the job
# names the role by its literal name and A's UID through a variable.

provider "alicloud" {
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::2222222222222222:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "vpc_owner"
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::1111111111111111:role/terraform-deployer"
  }
}

variable "vpc_owner_uid" {
  type = string
}

variable "source_password" {
  type      = string
  sensitive = true
}

resource "alicloud_ram_role" "dts_vpc" {
  provider                    = alicloud.vpc_owner
  role_name                   = "dts-vpc-role"
  assume_role_policy_document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": [
          "acs:ram::2222222222222222:root"
        ],
        "Service": [
          "2222222222222222@dts.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

resource "alicloud_ram_role_policy_attachment" "dts" {
  provider    = alicloud.vpc_owner
  role_name   = "dts-vpc-role"
  policy_name = "AliyunDTSRolePolicy"
  policy_type = "System"
}

resource "alicloud_ram_role_policy_attachment" "vpc" {
  provider    = alicloud.vpc_owner
  role_name   = "dts-vpc-role"
  policy_name = "AliyunVPCReadOnlyAccess"
  policy_type = "System"
}

resource "alicloud_dts_migration_instance" "migration" {
  payment_type                     = "PayAsYouGo"
  source_endpoint_engine_name      = "MySQL"
  source_endpoint_region           = "cn-hangzhou"
  destination_endpoint_engine_name = "MySQL"
  destination_endpoint_region      = "cn-hangzhou"
  instance_class                   = "small"
  sync_architecture                = "oneway"
}

resource "alicloud_dts_migration_job" "from_idc" {
  dts_instance_id                    = alicloud_dts_migration_instance.migration.id
  dts_job_name                       = "idc-over-express-connect"
  source_endpoint_instance_type      = "EXPRESS"
  source_endpoint_instance_id        = "vpc-bp1examplevpcid0000"
  source_endpoint_engine_name        = "MySQL"
  source_endpoint_region             = "cn-hangzhou"
  source_endpoint_ip                 = "172.16.0.10"
  source_endpoint_port               = "3306"
  source_endpoint_user_name          = "dts_reader"
  source_endpoint_password           = var.source_password
  source_endpoint_owner_id           = var.vpc_owner_uid
  source_endpoint_role               = "dts-vpc-role"
  destination_endpoint_instance_type = "RDS"
  destination_endpoint_instance_id   = "rm-bp1exampledestination"
  destination_endpoint_engine_name   = "MySQL"
  destination_endpoint_region        = "cn-hangzhou"
  db_list = jsonencode({
    inventory = { name = "inventory", all = true }
  })
  structure_initialization = true
  data_initialization      = true
  data_synchronization     = true
}
