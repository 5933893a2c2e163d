resource "azurerm_kubernetes_cluster" "entra" {
  name                = "aks-entra"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "entra"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  azure_active_directory_role_based_access_control {
    azure_rbac_enabled     = true
    admin_group_object_ids = ["33333333-3333-3333-3333-333333333333"]
  }

  local_account_disabled = true
}

