resource "azurerm_kubernetes_cluster" "rotating" {
  name                = "aks-rotating"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "rotating"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }
}

# no Key Vault secrets provider: not checked
resource "azurerm_kubernetes_cluster" "plain" {
  name                = "aks-plain"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "plain"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

