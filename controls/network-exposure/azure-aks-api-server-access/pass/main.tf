resource "azurerm_kubernetes_cluster" "private" {
  name                = "aks-private"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "private"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  private_cluster_enabled = true
}

resource "azurerm_kubernetes_cluster" "restricted" {
  name                = "aks-restricted"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "restricted"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/27"]
  }
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

  api_server_authorized_ip_ranges = ["203.0.113.0/27", "198.51.100.7/32"]
}

