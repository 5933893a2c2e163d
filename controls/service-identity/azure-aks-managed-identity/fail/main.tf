variable "aks_client_secret" {
  type      = string
  sensitive = true
}

resource "azurerm_kubernetes_cluster" "sp" { # fail: cluster
  name                = "aks-sp"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "sp"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }


  service_principal {
    client_id     = "44444444-4444-4444-4444-444444444444"
    client_secret = var.aks_client_secret
  }
}

