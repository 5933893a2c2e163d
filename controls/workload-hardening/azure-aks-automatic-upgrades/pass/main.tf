resource "azurerm_kubernetes_cluster" "patched" {
  name                = "aks-patched"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "patched"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  automatic_upgrade_channel = "patch"
}

resource "azurerm_kubernetes_cluster" "legacy" {
  name                = "aks-legacy"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "legacy"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  automatic_channel_upgrade = "stable"
}

